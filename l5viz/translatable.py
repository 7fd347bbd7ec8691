"""The mark for words a Qt-free module defines and the window shows (lesion kinds, form fields, view names).

Qt's lupdate finds every `QT_TRANSLATE_NOOP(context, text)` and puts the text in the .ts file under that context;
the mark itself gives the text back unchanged, so these modules keep their English words and stay free of Qt.
The window translates a marked text where it shows it: `QCoreApplication.translate(context, text)`.
Contexts used: "LesionKind" (a kind's title), "Field" (a form field's label and hint), "Choice" (the words a
choice field offers), "Views" (camera presets), "Credit" (who made the anatomy).
"""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """`text` as it is: the mark only tells lupdate to collect it under `context`."""
    return text
