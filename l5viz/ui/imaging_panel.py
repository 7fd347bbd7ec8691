"""The imaging panel: synthetic MRI and CT of the scene beside the 3D, read as a radiologist reads them.

It shows one slice of one series (state.imaging), with the orientation letters, the series title, the
window and the notice that the image is synthetic; the mouse wheel or the slider scrolls, a right-drag
changes the window (across: width, up and down: level), a click selects the structure under the pointer.
The slice of the other orientation (the axial slice on a sagittal image, and back) is drawn across it as
a cross-reference line. Each new scenario result redraws the slice at once and recomputes every series
in a background thread, whose progress shows under the image. The panel only edits SceneState and asks
the imaging logic for pixels: it draws nothing in 3D (the renderer draws the slice's plane).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)
from scipy import ndimage

from l5viz.imaging.formation import SyntheticImage, windowed
from l5viz.imaging.logic import Imaging
from l5viz.state import Change, SceneState
from l5viz.ui.access import matched

LETTER_COLOUR = QColor("#ffdd00")
TEXT_COLOUR = QColor("#ebebeb")
NOTICE_COLOUR = QColor("#ff785a")
CROSS_COLOUR = QColor("#59d185")  # the other orientation's slice
SELECTED_COLOUR = (58, 214, 255)  # the selected structure's outline
DEFAULT_SERIES = "sagittal-t2"
BACKGROUND_DELAY_MS = 400  # a background pass starts once the sliders have rested this long
WINDOW_PRESETS = ("scanner", "bone", "soft_tissue")  # "scanner": the series' own (MR: automatic; CT: soft tissue)


def orientation_of(series_id: str, imaging: Imaging) -> str:
    return imaging.series[series_id].protocol.plane  # "sagittal" or "disc" (axial)


def outlined(painter: QPainter, rect: QRectF, flags, text: str, colour: QColor) -> None:
    """Text with a black outline, readable over the bright fat and skin as over the dark air."""
    painter.setPen(Qt.GlobalColor.black)
    for dx, dy in ((-1, -1), (1, -1), (-1, 1), (1, 1)):
        painter.drawText(rect.translated(dx, dy), flags, text)
    painter.setPen(colour)
    painter.drawText(rect, flags, text)


class SliceCanvas(QWidget):
    """Draws one image fitted to the widget, with its annotations; reports clicks, wheel steps and right-drags
    in image pixels."""

    clicked = Signal(int, int)  # row, column
    stepped = Signal(int)  # +1: the next slice, -1: the previous one
    dragged = Signal(float, float)  # right-drag: fraction of the widget across, and up

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumSize(300, 300)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.image: QImage | None = None
        self.highlight: QImage | None = None
        self.letters: dict[str, str] = {}
        self.title = ""
        self.window_text = ""
        self.notice = ""
        self.lines: list[tuple[float, float, float, float, str]] = []  # (row0, col0, row1, col1, name)
        self._drag: QPointF | None = None

    def show_image(self, grey: np.ndarray, highlight: np.ndarray | None, letters: dict[str, str], title: str,
                   window_text: str, notice: str, lines) -> None:
        rows, columns = grey.shape
        self.image = QImage(np.ascontiguousarray(grey).data, columns, rows, columns,
                            QImage.Format.Format_Grayscale8).copy()
        self.highlight = None
        if highlight is not None and highlight.any():
            edge = highlight & ~ndimage.binary_erosion(highlight, iterations=2)
            rgba = np.zeros((rows, columns, 4), np.uint8)
            rgba[edge] = (*SELECTED_COLOUR, 255)
            self.highlight = QImage(rgba.data, columns, rows, 4 * columns, QImage.Format.Format_RGBA8888).copy()
        self.letters, self.title, self.window_text, self.notice, self.lines = letters, title, window_text, notice, lines
        self.update()

    def target(self) -> QRectF:
        """Where the image is drawn: as large as fits, square pixels, centred."""
        if self.image is None:
            return QRectF()
        scale = min(self.width() / self.image.width(), self.height() / self.image.height())
        w, h = self.image.width() * scale, self.image.height() * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def pixel_at(self, x: float, y: float) -> tuple[int, int] | None:
        rect = self.target()
        if self.image is None or not rect.contains(QPointF(x, y)):
            return None
        scale = rect.width() / self.image.width()
        return int((y - rect.top()) / scale), int((x - rect.left()) / scale)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if self.image is None:
            painter.end()
            return
        rect = self.target()
        painter.drawImage(rect, self.image)
        if self.highlight is not None:
            painter.drawImage(rect, self.highlight)
        scale = rect.width() / self.image.width()
        for row0, col0, row1, col1, name in self.lines:
            painter.setPen(QPen(CROSS_COLOUR, 2, Qt.PenStyle.DashLine))
            a = QPointF(rect.left() + col0 * scale, rect.top() + row0 * scale)
            b = QPointF(rect.left() + col1 * scale, rect.top() + row1 * scale)
            painter.drawLine(a, b)
            painter.setFont(QFont(self.font().family(), max(9, int(rect.width() / 45))))
            painter.drawText(b + QPointF(-4, -4) if b.x() > a.x() else a + QPointF(4, -4), name)
        painter.setFont(QFont(self.font().family(), max(12, int(rect.width() / 24)), QFont.Weight.Bold))
        flags = Qt.AlignmentFlag
        inner = rect.adjusted(6, 4, -6, -4)
        edges = {"left": flags.AlignLeft | flags.AlignVCenter, "right": flags.AlignRight | flags.AlignVCenter,
                 "top": flags.AlignHCenter | flags.AlignTop, "bottom": flags.AlignHCenter | flags.AlignBottom}
        for side, where in edges.items():
            outlined(painter, inner, where, self.letters.get(side, ""), LETTER_COLOUR)
        painter.setFont(QFont(self.font().family(), max(9, int(rect.width() / 40))))
        outlined(painter, inner, flags.AlignLeft | flags.AlignTop, self.title, TEXT_COLOUR)
        outlined(painter, inner, flags.AlignRight | flags.AlignTop, self.window_text, TEXT_COLOUR)
        notice = QRectF(inner.left(), inner.top(), 0.42 * inner.width(), inner.height())  # clear of the letter
        outlined(painter, notice, flags.AlignLeft | flags.AlignBottom | Qt.TextFlag.TextWordWrap, self.notice,
                 NOTICE_COLOUR)
        painter.end()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.RightButton:
            self._drag = event.position()
        elif event.button() == Qt.MouseButton.LeftButton:
            pixel = self.pixel_at(event.position().x(), event.position().y())
            if pixel is not None:
                self.clicked.emit(*pixel)

    def mouseMoveEvent(self, event) -> None:
        if self._drag is not None:
            delta = event.position() - self._drag
            self._drag = event.position()
            self.dragged.emit(delta.x() / max(1, self.width()), -delta.y() / max(1, self.height()))

    def mouseReleaseEvent(self, _event) -> None:
        self._drag = None

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() // 120
        if steps:
            self.stepped.emit(-int(np.sign(steps)))

    def keyPressEvent(self, event) -> None:
        if matched(event, "slice_previous") is not None:
            self.stepped.emit(-1)
        elif matched(event, "slice_next") is not None:
            self.stepped.emit(1)
        else:
            super().keyPressEvent(event)


class ImagingPanel(QWidget):
    """Series, slice, window, the image and its exports; the imaging logic is built when first shown."""

    message = Signal(str)  # a line for the status bar (what a click hit, what was written)

    def __init__(self, state: SceneState, make_imaging: Callable[[], tuple[Imaging | None, list]],
                 region_name: Callable[[str], str], parent=None):
        """`make_imaging`: builds the logic (loads the body and the tissue tables: about a second);
        `region_name`: the words for a region id (a structure's name, a lesion's, a body layer's)."""
        super().__init__(parent)
        self.state = state
        self._make_imaging = make_imaging
        self.region_name = region_name
        self.imaging: Imaging | None = None
        self.problems: list = []
        self.image: SyntheticImage | None = None
        self._result = None
        self._slices: dict[str, int] = {}
        self._reference: dict[str, str] = {"sagittal": DEFAULT_SERIES, "disc": "axial-t2-L4-L5"}
        self._window: tuple[float, float] | None = None  # a right-drag's window, until the series changes
        self._window_series: str | None = None
        self._cancel = threading.Event()
        self._worker: threading.Thread | None = None
        self._closed = False
        self._syncing = False

        self.series_box = QComboBox()
        self.series_box.setToolTip(self.tr("Which synthetic series: sagittal T2 and T1, parasagittal T1 through each "
                                           "side's foramina, axial T2 and CT at each disc"))
        self.slice_slider = QSlider(Qt.Orientation.Horizontal)
        self.slice_slider.setToolTip(self.tr("Slice (mouse wheel or Up/Down over the image)"))
        self.slice_label = QLabel()
        self.window_box = QComboBox()
        for preset, words in zip(WINDOW_PRESETS, (self.tr("Scanner window"), self.tr("Bone window (CT)"),
                                                  self.tr("Soft-tissue window (CT)"))):
            self.window_box.addItem(words, preset)
        self.window_box.setToolTip(self.tr("Window: right-drag on the image changes it (across: width, up/down: "
                                           "level)"))
        self.canvas = SliceCanvas()
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("Computing all series: %v of %m slices"))
        self.progress.setVisible(False)
        self.png_button = QPushButton(self.tr("Save PNG…"))
        self.dicom_button = QPushButton(self.tr("Export DICOM…"))
        top = QHBoxLayout()
        top.addWidget(self.series_box, 2)
        top.addWidget(self.window_box, 1)
        scroll = QHBoxLayout()
        scroll.addWidget(self.slice_slider, 1)
        scroll.addWidget(self.slice_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.png_button)
        buttons.addWidget(self.dicom_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(scroll)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)

        self.series_box.currentIndexChanged.connect(self._series_chosen)
        self.slice_slider.valueChanged.connect(self._slice_chosen)
        self.window_box.currentIndexChanged.connect(self._preset_chosen)
        self.canvas.stepped.connect(lambda step: self.slice_slider.setValue(self.slice_slider.value() + step))
        self.canvas.clicked.connect(self._clicked)
        self.canvas.dragged.connect(self._dragged)
        self.png_button.clicked.connect(self._save_png_dialog)
        self.dicom_button.clicked.connect(self._export_dicom_dialog)
        self._background = QTimer(self)
        self._background.setSingleShot(True)
        self._background.setInterval(BACKGROUND_DELAY_MS)
        self._background.timeout.connect(self._start_background)
        self._poll = QTimer(self)
        self._poll.setInterval(150)
        self._poll.timeout.connect(self._show_progress)
        state.connect(self._on_state)

    # ---- the logic --------------------------------------------------------------------------------
    def ensure_imaging(self) -> Imaging | None:
        if self.imaging is None and not self.problems:
            self.imaging, self.problems = self._make_imaging()
            if self.imaging is not None:
                self._syncing = True
                for sid in self.imaging.series:
                    self.series_box.addItem(self.imaging.config.title(self.imaging.series[sid]), sid)
                self._syncing = False
                self.imaging.show(self._result)
        return self.imaging

    def activate(self) -> None:
        """Shown: the state's series (or the default) at its slice, so the 3D draws the plane."""
        if self.ensure_imaging() is None:
            self.message.emit(self.tr("Synthetic imaging unavailable: {problem}").format(
                problem="; ".join(map(str, self.problems[:1]))))
            return
        if self.state.imaging is None or self.state.imaging["series"] not in self.imaging.series:
            self.state.set_imaging(DEFAULT_SERIES, self._slice_of(DEFAULT_SERIES))
        else:
            self.redraw()
        self._background.start()

    def deactivate(self) -> None:
        self._background.stop()
        self._cancel.set()
        self.state.set_imaging(None)

    def corners(self, series_id: str, index: int) -> np.ndarray | None:
        """The corners of a slice in the model (the renderer's plane), None for an unknown series or slice."""
        if self.ensure_imaging() is None or series_id not in self.imaging.series:
            return None
        planes = self.imaging.geometry(series_id).planes
        return planes[index].corners() if 0 <= index < len(planes) else None

    def _slice_of(self, series_id: str) -> int:
        return self._slices.get(series_id, len(self.imaging.geometry(series_id).planes) // 2)

    def on_result(self, result) -> None:
        """A new scenario result: this slice at once, every series again in the background."""
        self._result = result.pathology
        if self.imaging is None:
            return
        self.imaging.show(self._result)
        if self.state.imaging is not None:
            self.redraw()
            self._background.start()

    def _start_background(self) -> None:
        if self._closed or self.imaging is None or self.state.imaging is None:
            return
        self._cancel.set()  # the pass under way stops after its current slice; the window does not wait for it
        self._cancel = cancel = threading.Event()
        self._worker = threading.Thread(target=self.imaging.compute, args=(list(self.imaging.series), cancel.is_set),
                                        daemon=True, name="synthetic imaging")
        self._worker.start()
        self.progress.setVisible(True)
        self._poll.start()

    def _show_progress(self) -> None:
        done, total = self.imaging.progress
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if self._worker is None or not self._worker.is_alive():
            self._poll.stop()
            self.progress.setVisible(False)

    def wait_for_background(self) -> None:
        """Block until the background pass ends (tests, and closing the window)."""
        if self._worker is not None:
            self._worker.join()
        self._show_progress()

    def close_logic(self) -> None:
        """The window closes: no pass starts again, the one under way stops and is waited for (a thread left
        running into the interpreter's exit can bring it down)."""
        self._closed = True
        self._background.stop()
        self._poll.stop()
        self._cancel.set()
        if self._worker is not None:
            self._worker.join()

    # ---- state --------------------------------------------------------------------------------------
    def _on_state(self, change: Change) -> None:
        if change.kind in ("imaging", "reset") and self.state.imaging is not None and self.ensure_imaging():
            self.redraw()
        elif change.kind == "selection" and self.image is not None:
            self.redraw()

    def redraw(self) -> None:
        """The state's slice of the current scene, with its annotations and cross-reference."""
        imaging, shown = self.imaging, self.state.imaging
        if imaging is None or shown is None or shown["series"] not in imaging.series:
            return
        series_id = shown["series"]
        count = len(imaging.geometry(series_id).planes)
        index = int(np.clip(shown["slice"], 0, count - 1))
        orientation = orientation_of(series_id, imaging)
        if self._window_series != series_id:  # a dragged window belongs to its series (HU on CT, signal on MR)
            self._window, self._window_series = None, series_id
        self._reference[orientation] = series_id
        self._slices[series_id] = index
        self._sync_widgets(series_id, index, count)
        self.image = image = imaging.image(series_id, index)
        window = self._window or self._preset_window(image)
        selected = self.state.selected
        highlight = image.region_pixels(selected) if selected else None
        spec = imaging.series[series_id]
        where = self.tr("slice {number} of {count}").format(number=index + 1, count=count)
        levels = self.tr("W {width}  L {level}").format(width=f"{window[0]:.0f}", level=f"{window[1]:.0f}")
        self.canvas.show_image(windowed(image.pixels, window), highlight, image.plane.edge_letters(),
                               f"{imaging.config.title(spec)}\n{where}", levels, imaging.config.terms["notice"],
                               self._cross_reference(image, orientation))

    def _sync_widgets(self, series_id: str, index: int, count: int) -> None:
        self._syncing = True
        self.series_box.setCurrentIndex(self.series_box.findData(series_id))
        self.slice_slider.setRange(0, count - 1)
        self.slice_slider.setValue(index)
        self.slice_label.setText(f"{index + 1} / {count}")
        self._syncing = False

    def _preset_window(self, image: SyntheticImage) -> tuple[float, float]:
        preset = self.window_box.currentData()
        if preset == "scanner" or image.protocol.modality != "CT":
            return image.window
        chosen = self.imaging.config.rules["windows"][preset]
        return float(chosen["width"]), float(chosen["level"])

    def _cross_reference(self, image: SyntheticImage, orientation: str) -> list:
        """Where the other orientation's current slice cuts this image: one line, clipped to it."""
        other = self._reference["disc" if orientation == "sagittal" else "sagittal"]
        plane = self.imaging.geometry(other).planes[self._slice_of(other)]
        mine = image.plane
        rows, columns = image.pixels.shape
        # Points p = centre + a*across + d*down on this image lie in the other plane where (p - c') . n' = 0.
        ka, kd = float(mine.across @ plane.normal), float(mine.down @ plane.normal)
        rhs = float((plane.centre - mine.centre) @ plane.normal)
        voxel = image.voxel
        if abs(ka) < 1e-6 and abs(kd) < 1e-6:
            return []  # parallel planes
        if abs(kd) >= abs(ka):  # a roughly horizontal line: the row at each end column
            ends = [(((rhs - ka * (c - 0.5 * (columns - 1)) * voxel) / kd) / voxel + 0.5 * (rows - 1), c)
                    for c in (0, columns - 1)]
        else:
            ends = [(r, ((rhs - kd * (r - 0.5 * (rows - 1)) * voxel) / ka) / voxel + 0.5 * (columns - 1))
                    for r in (0, rows - 1)]
        (r0, c0), (r1, c1) = ends
        name = self.imaging.config.title(self.imaging.series[other])
        return [(r0, c0, r1, c1, name)]

    # ---- the user ------------------------------------------------------------------------------------
    def _series_chosen(self, _index: int) -> None:
        if self._syncing or self.imaging is None:
            return
        series_id = self.series_box.currentData()
        self.state.set_imaging(series_id, self._slice_of(series_id))

    def _slice_chosen(self, value: int) -> None:
        if self._syncing or self.state.imaging is None:
            return
        self.state.set_imaging(self.state.imaging["series"], value)

    def _preset_chosen(self, _index: int) -> None:
        self._window = None
        self.redraw()

    def _dragged(self, across: float, up: float) -> None:
        if self.image is None:
            return
        width, level = self._window or self._preset_window(self.image)
        self._window = (max(1.0, width * (1.0 + 2.0 * across)), level + up * width)
        self.redraw()

    def _clicked(self, row: int, column: int) -> None:
        if self.image is None:
            return
        region = self.image.region_at(row, column)
        if region in self.state.structures:
            self.state.select(region)
        self.message.emit(self.imaging.config.terms["regions"]["under_pointer"].format(name=self.region_name(region)))

    def move_to(self, point: np.ndarray) -> None:
        """A click in 3D: every series to its slice nearest that point; the axial series becomes the disc's
        nearest the point (of the same modality as the one shown)."""
        if self.ensure_imaging() is None:
            return
        self._slices.update(self.imaging.slices_at(point))
        shown = self.state.imaging["series"] if self.state.imaging else DEFAULT_SERIES
        axial = [sid for sid, spec in self.imaging.series.items() if spec.protocol.plane == "disc"
                 and spec.protocol.modality == self.imaging.series[shown].protocol.modality]
        distance = {sid: abs(float((point - self.imaging.geometry(sid).planes[self._slices[sid]].centre)
                                   @ self.imaging.geometry(sid).planes[0].normal)) for sid in axial}
        if distance:
            nearest = min(distance, key=distance.get)
            self._reference["disc"] = nearest
            if orientation_of(shown, self.imaging) == "disc":
                shown = nearest
        self.state.set_imaging(shown, self._slices[shown])

    # ---- exports -------------------------------------------------------------------------------------
    def save_png(self, path: Path) -> Path:
        from l5viz.imaging.picture import annotated, write_png

        spec = self.imaging.series[self.image.series_id]
        window = self._window or self._preset_window(self.image)
        return write_png(annotated(self.image, self.imaging.config.title(spec), self.imaging.config.terms["notice"],
                                   window), path)

    def export_dicom(self, folder: Path) -> list[Path]:
        """The whole shown series as DICOM files, of the scene as it is now."""
        import json

        from l5viz.imaging.dicom import write_series

        series_id = self.image.series_id
        config = self.imaging.config
        images = [self.imaging.image(series_id, k) for k in range(len(self.imaging.geometry(series_id).planes))]
        return write_series(images, folder / series_id, config.title(self.imaging.series[series_id]),
                            config.terms["notice"], config.terms["patient_name"],
                            json.dumps(self.state.overlays, sort_keys=True))

    def _save_png_dialog(self) -> None:
        if self.image is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save image"), f"{self.image.series_id}.png",
                                              self.tr("PNG (*.png)"))
        if name:
            self.message.emit(self.tr("Saved {path} (synthetic)").format(path=self.save_png(Path(name))))

    def _export_dicom_dialog(self) -> None:
        if self.image is None:
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export the series as DICOM into"))
        if folder:
            written = self.export_dicom(Path(folder))
            self.message.emit(self.tr("Wrote {count} DICOM files to {folder} (synthetic)").format(
                count=len(written), folder=written[0].parent))
