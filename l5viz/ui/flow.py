"""A grid of buttons that takes as many columns as the panel's width holds, up to a number.

A fixed grid of buttons with long names (the bedside findings, two to a row) is as wide as its widest row: at a
large text size that pushes the 3D view off the window. This one asks for that width (its size hint: the grid it
replaces) but makes do with one column (its minimum), so the panel narrows and the buttons go on more rows instead.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem


class ColumnFlow(QLayout):
    """Buttons in up to `columns` columns, row after row, in the order added."""

    def __init__(self, columns: int, parent=None, spacing: int = 6):
        super().__init__(parent)
        self.columns = columns
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    # ---- QLayout's interface ------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's names
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """All the columns, each as wide as its widest button (as a grid)."""
        columns = min(self.columns, len(self._shown()))
        width = sum(self._column_widths(columns)) + max(columns - 1, 0) * self.spacing()
        return QSize(width, self.heightForWidth(width))

    def minimumSize(self) -> QSize:  # noqa: N802
        """As wide as the widest button and as tall as the tallest: how many rows a width needs is the layout's
        height for that width (the panel's scroll area asks for it)."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.sizeHint())
        return size

    # ---- placing --------------------------------------------------------------------------------------
    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _column_widths(self, columns: int) -> list[int]:
        """The widest button of each column, when the buttons go `columns` to a row."""
        widths = [0] * columns
        for n, item in enumerate(self._shown()):
            widths[n % columns] = max(widths[n % columns], item.sizeHint().width())
        return widths

    def _place(self, rect: QRect, move: bool) -> int:
        """Put the buttons in `rect` (or only measure them): in as many columns as fit, each as wide as its widest
        button and the spare width shared out; returns the height they take."""
        items, gap = self._shown(), self.spacing()
        if not items:
            return 0
        columns = min(self.columns, len(items))
        while columns > 1 and sum(self._column_widths(columns)) + gap * (columns - 1) > rect.width():
            columns -= 1
        widths = self._column_widths(columns)
        spare = max(rect.width() - sum(widths) - gap * (columns - 1), 0)
        widths = [w + spare // columns for w in widths]
        y = rect.y()
        for start in range(0, len(items), columns):
            row = items[start:start + columns]
            height = max(item.sizeHint().height() for item in row)
            x = rect.x()
            for item, width in zip(row, widths):
                if move:
                    item.setGeometry(QRect(x, y, width, height))
                x += width + gap
            y += height + gap
        return y - gap - rect.y()
