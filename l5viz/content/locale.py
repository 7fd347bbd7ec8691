"""The language the app speaks: which folder of annotations/locales/ gives the content's words.

Content files hold rules (levels, zones, roots, grades, sources) and no words; the words of each file live in
annotations/locales/<language>/<same path>.json as a flat map from a JSON Pointer into that file to the text
found there. English is complete and is the fallback: a text a language lacks is shown in English, and, with
L5VIZ_I18N_DEBUG set, marked so a translator sees it. Qt-free: the window's own strings go through Qt's tr.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from l5viz.paths import annotations_dir

ENGLISH = "en"
LOCALES_FOLDER = "locales"
SYSTEM = "system"  # the language setting's default: follow the system's locale
DEBUG_VARIABLE = "L5VIZ_I18N_DEBUG"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")  # what the code fills in: {root}, {percent}, ...
FALLBACK_MARK = "\u2039{}\u203a"  # a text shown in English for want of a translation: <text>, in debug mode

_language = ENGLISH


def available_languages(annotations: Path | None = None) -> list[str]:
    """The languages with a folder of words, English first."""
    folder = Path(annotations or annotations_dir()) / LOCALES_FOLDER
    found = sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    return [ENGLISH] + [code for code in found if code != ENGLISH]


def resolve_language(setting: str | None, system_locale: str, annotations: Path | None = None) -> str:
    """The language to speak: the setting when l5viz has it, else the system locale's ("es_MX" -> "es") when
    l5viz has that, else English."""
    available = available_languages(annotations)
    if setting and setting != SYSTEM:
        return setting if setting in available else ENGLISH
    code = (system_locale or "").replace("-", "_").split("_")[0].lower()
    return code if code in available else ENGLISH


def same_placeholders(english: str, translated: str) -> bool:
    return sorted(PLACEHOLDER.findall(english)) == sorted(PLACEHOLDER.findall(translated))


def system_locale_name() -> str:
    """The locale the system asks messages in (POSIX order: LC_ALL, LC_MESSAGES, LANG), e.g. "es_ES.UTF-8"."""
    return next((os.environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(name)), "")


def set_language(code: str) -> None:
    """Speak this language from the next content read on (the window reads its content once, at start)."""
    global _language
    _language = code or ENGLISH


def language() -> str:
    return _language


def words_key() -> tuple[str, Path, bool]:
    """What decides the words a content read gives (the language, the data folder, debug marking): the key of a
    cache of loaded words."""
    return _language, annotations_dir(), marking_fallbacks()


def marking_fallbacks() -> bool:
    """Debug mode for translators: a text shown in English because the language lacks it is marked."""
    return bool(os.environ.get(DEBUG_VARIABLE))


def annotations_root_of(path: Path) -> Path | None:
    """The annotations folder a content file lies in (the nearest folder above it with a locales/ folder)."""
    for folder in Path(path).resolve().parents:
        if (folder / LOCALES_FOLDER).is_dir():
            return folder
    return None


def words_file(annotations: Path, code: str, relative: Path) -> Path:
    return annotations / LOCALES_FOLDER / code / relative


def read_words(path: Path) -> dict[str, str]:
    """A locale file's pointer -> text map; {} when there is none or it cannot be used (`l5viz validate` says
    why: a broken translation must not stop the app, which falls back to English)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    words = data.get("words") if isinstance(data, dict) else None
    if not isinstance(words, dict):
        return {}
    return {key: text for key, text in words.items() if isinstance(key, str) and isinstance(text, str)}


def pointer_segments(pointer: str) -> list[str]:
    """A JSON Pointer's segments, unescaped (RFC 6901: ~1 is /, ~0 is ~)."""
    return [s.replace("~1", "/").replace("~0", "~") for s in pointer.split("/")[1:]]


def _child(container: Any, segment: str) -> tuple[Any, Any] | None:
    """(container, key) naming where `segment` leads, present or not (a list's key may be one past its end): a
    list item is named by its index or, when it is an object with an "id", by that id (so a translator's key
    survives reordering)."""
    if isinstance(container, dict):
        return container, segment
    if isinstance(container, list):
        if segment.isdigit():
            return (container, int(segment)) if int(segment) <= len(container) else None
        for index, item in enumerate(container):
            if isinstance(item, dict) and item.get("id") == segment:
                return container, index
    return None


def _present(container: Any, key: Any) -> bool:
    return key < len(container) if isinstance(container, list) else key in container


def place(document: Any, pointer: str, text: str) -> bool | None:
    """Put a text where the pointer says; True when placed, False when the rule file already holds a value
    there, None when the pointer leads nowhere. Missing objects on the way are made (a rule file need not hold
    an empty object for a group of words only; its schema still says which keys may be there), lists are not."""
    *path, last = pointer_segments(pointer) or [""]
    node = document
    for segment, below in zip(path, [*path[1:], last]):
        found = _child(node, segment)
        if found is None:
            return None
        container, key = found
        if not _present(container, key):
            if isinstance(container, list) or below.isdigit():  # a list the rules should have given: not made
                return None
            container[key] = {}
        node = container[key]
    found = _child(node, last)
    if found is None:
        return None
    container, key = found
    if _present(container, key) and container[key] != {}:
        return False
    if isinstance(container, list):
        container.append(text)
    else:
        container[key] = text
    return True


def words_of(path: Path) -> tuple[dict[str, str], dict[str, str]] | None:
    """The English words of a content file and those of the language spoken now ({} for English), or None
    when the file has no words."""
    annotations = annotations_root_of(path)
    if annotations is None:
        return None
    relative = Path(path).resolve().relative_to(annotations)
    english_file = words_file(annotations, ENGLISH, relative)
    if not english_file.is_file():
        return None
    spoken = {} if _language == ENGLISH else read_words(words_file(annotations, _language, relative))
    return read_words(english_file), spoken


def with_words(data: Any, path: Path) -> Any:
    """A rule file's data with its words in the language spoken now, English where that language lacks one or
    lost or gained a {placeholder} (the code would fail to fill it), marked in debug mode. A rule file that already
    holds a text keeps it. `l5viz validate` reports all three."""
    found = words_of(path)
    if found is None:
        return data
    english, spoken = found
    mark = marking_fallbacks() and _language != ENGLISH
    for pointer, text in english.items():
        if pointer in spoken and same_placeholders(text, spoken[pointer]):
            text = spoken[pointer]
        elif mark:
            text = FALLBACK_MARK.format(text)
        place(data, pointer, text)
    return data
