"""Help > About: what l5viz is, its version, who made the anatomy, every licence that travels with it and the
sources its numbers cite, in one dialog a reviewer or a lecturer's IT office can read."""

from __future__ import annotations

import platform
from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QTabWidget, QTextBrowser, QVBoxLayout

from l5viz import __version__
from l5viz.credit import CREDIT, library_licences, licences
from l5viz.desktop import ICON_FILE

ICON_PIXELS = 96


class AboutDialog(QDialog):
    def __init__(self, parent, sources_html: str):
        super().__init__(parent)
        self.setWindowTitle(self.tr("About l5viz"))
        self.resize(720, 560)
        what, notice = self.tr("The L5 nerve root in 3D."), self.tr("For education, not diagnosis.")
        device = self.tr("Not a medical device: not for the diagnosis or treatment of any patient.")
        self.heading = QLabel(f"<h2>l5viz {escape(__version__)}</h2><p>{escape(what)} <b>{escape(notice)}</b> "
                              f"{escape(device)}</p>")
        self.heading.setWordWrap(True)
        icon = QLabel()
        icon.setPixmap(QPixmap(str(ICON_FILE)).scaled(ICON_PIXELS, ICON_PIXELS, Qt.AspectRatioMode.KeepAspectRatio,
                                                      Qt.TransformationMode.SmoothTransformation))
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.heading, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(browser(self.credits_html()), self.tr("Credits"))
        self.tabs.addTab(browser(self.licences_html()), self.tr("Licences"))
        self.tabs.addTab(browser(sources_html), self.tr("Sources"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    def credits_html(self) -> str:
        rows = "".join(f"<tr><td>{escape(name)}</td><td>{escape(version)}</td><td>{escape(licence)}</td></tr>"
                       for name, version, licence in library_licences())
        paragraphs = (QCoreApplication.translate("Credit", CREDIT),
                      self.tr("Numbers and clinical statements in l5viz cite their sources (the Sources tab); a "
                              "modelling choice is labelled as one."),
                      self.tr("l5viz holds no patient data and makes no network connections; its MRI and CT images "
                              "are synthetic, made from the model."))
        built_on = self.tr("<b>Built on</b> (the libraries l5viz needs directly, with their licences as stated in each "
                           "package's metadata; Qt for Python is used as a separate package the user can replace)")
        headers = "".join(f"<th align='left'>{escape(h)}</th>"
                          for h in (self.tr("Library"), self.tr("Version"), self.tr("Licence")))
        running = self.tr("Python {version} on {platform}.").format(version=platform.python_version(),
                                                                    platform=platform.platform(terse=True))
        return ("".join(f"<p>{escape(p)}</p>" for p in paragraphs) + f"<p>{built_on}</p>"
                f"<table cellpadding='3'><tr>{headers}</tr>{rows}</table><p>{escape(running)}</p>")

    def licences_html(self) -> str:
        missing = self.tr("(the notice file is missing from this installation)")
        return "".join(f"<h3>{escape(QCoreApplication.translate('Credit', title))}</h3>"
                       f"<pre style='white-space: pre-wrap'>{escape(text or missing)}</pre>"
                       for title, text in licences().items())


def browser(html: str) -> QTextBrowser:
    view = QTextBrowser()
    view.setOpenExternalLinks(True)
    view.setHtml(html)
    return view
