"""Help > About: what l5viz is, its version, who made the anatomy, every licence that travels with it and the
sources its numbers cite, in one dialog a reviewer or a lecturer's IT office can read."""

from __future__ import annotations

import platform
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QTabWidget, QTextBrowser, QVBoxLayout

from l5viz import __version__
from l5viz.credit import CREDIT, library_licences, licences
from l5viz.desktop import ICON_FILE

ICON_PIXELS = 96


class AboutDialog(QDialog):
    def __init__(self, parent, sources_html: str):
        super().__init__(parent)
        self.setWindowTitle("About l5viz")
        self.resize(720, 560)
        self.heading = QLabel(f"<h2>l5viz {escape(__version__)}</h2><p>The L5 nerve root in 3D. "
                         "<b>For education, not diagnosis.</b> Not a medical device: not for the diagnosis or treatment of any "
                              "patient.</p>")
        self.heading.setWordWrap(True)
        icon = QLabel()
        icon.setPixmap(QPixmap(str(ICON_FILE)).scaled(ICON_PIXELS, ICON_PIXELS, Qt.AspectRatioMode.KeepAspectRatio,
                                                      Qt.TransformationMode.SmoothTransformation))
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.heading, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(browser(self.credits_html()), "Credits")
        self.tabs.addTab(browser(self.licences_html()), "Licences")
        self.tabs.addTab(browser(sources_html), "Sources")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    @staticmethod
    def credits_html() -> str:
        rows = "".join(f"<tr><td>{escape(name)}</td><td>{escape(version)}</td><td>{escape(licence)}</td></tr>"
                       for name, version, licence in library_licences())
        return (f"<p>{escape(CREDIT)}</p><p>Numbers and clinical statements in l5viz cite their sources (the Sources "
                "tab); a modelling choice is labelled as one.</p><p>l5viz holds no patient data and makes no network "
                "connections; its MRI and CT images are synthetic, made from the model.</p>"
                "<p><b>Built on</b> (the libraries l5viz needs directly, with their licences as stated in each "
                "package's metadata; Qt for Python is used as a separate package the user can replace)</p>"
                f"<table cellpadding='3'><tr><th align='left'>Library</th><th align='left'>Version</th>"
                f"<th align='left'>Licence</th></tr>{rows}</table>"
                f"<p>Python {escape(platform.python_version())} on {escape(platform.platform(terse=True))}.</p>")

    @staticmethod
    def licences_html() -> str:
        return "".join(f"<h3>{escape(title)}</h3><pre style='white-space: pre-wrap'>"
                       f"{escape(text) if text else '(the notice file is missing from this installation)'}</pre>"
                       for title, text in licences().items())


def browser(html: str) -> QTextBrowser:
    view = QTextBrowser()
    view.setOpenExternalLinks(True)
    view.setHtml(html)
    return view
