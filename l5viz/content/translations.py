"""Checks of annotations/locales/: English words fit their rule files, and every other language has the same keys.

What `l5viz validate` reports per language: a rule file still holding a text, an English key that leads
nowhere, and, for each translation, its missing and extra keys and any text that lost or gained a {placeholder}
(the code fills those in, so a translation must keep them). Counts per language for the README and the notes.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from l5viz.content import locale
from l5viz.content.documents import Problem, read_json

LISTED_KEYS = 3  # a problem line names this many keys, then counts the rest


@dataclass(frozen=True)
class Coverage:
    """How much of English one language covers."""

    language: str
    translated: int
    english: int

    def __str__(self) -> str:
        return f"{self.language}: {self.translated} of {self.english} texts translated"


def words_files(annotations: Path, code: str) -> dict[Path, Path]:
    """Path relative to annotations/ -> the locale file of that language."""
    folder = annotations / locale.LOCALES_FOLDER / code
    return {p.relative_to(folder): p for p in sorted(folder.rglob("*.json"))} if folder.is_dir() else {}


def _listed(keys: list[str]) -> str:
    more = len(keys) - LISTED_KEYS
    return ", ".join(keys[:LISTED_KEYS]) + (f" and {more} more" if more > 0 else "")


def english_problems(annotations: Path) -> list[Problem]:
    """English keys that lead nowhere in their rule file, and texts a rule file still holds."""
    problems = []
    for relative, path in words_files(annotations, locale.ENGLISH).items():
        rules, _ = read_json(annotations / relative, words=False)
        if rules is None:
            continue  # a file of words only, or a rule file whose own problem validation reports
        rules = copy.deepcopy(rules)
        placed = {pointer: locale.place(rules, pointer, text) for pointer, text in locale.read_words(path).items()}
        nowhere = [p for p, result in placed.items() if result is None]
        held = [p for p, result in placed.items() if result is False]
        if nowhere:
            problems.append(Problem(str(path), f"{len(nowhere)} key(s) lead nowhere in {relative.as_posix()}: "
                                               f"{_listed(nowhere)}"))
        if held:
            problems.append(Problem(str(annotations / relative), f"holds {len(held)} text(s) that belong in "
                                    f"{path.relative_to(annotations).as_posix()}: {_listed(held)}"))
    return problems


def translation_problems(annotations: Path, code: str) -> list[Problem]:
    """A language's missing and extra keys and changed placeholders, file by file, against English."""
    english, translated = words_files(annotations, locale.ENGLISH), words_files(annotations, code)
    problems = []
    for relative, path in translated.items():
        if relative not in english:
            problems.append(Problem(str(path), f"no English file {relative.as_posix()} to translate"))
            continue
        source, words = locale.read_words(english[relative]), locale.read_words(path)
        missing = [k for k in source if k not in words]
        extra = [k for k in words if k not in source]
        changed = [k for k in source if k in words and not locale.same_placeholders(source[k], words[k])]
        for what, keys in (("missing", missing), ("extra", extra), ("placeholders changed in", changed)):
            if keys:
                problems.append(Problem(str(path), f"{code}: {len(keys)} {what} key(s): {_listed(keys)}"))
    for relative in english:
        if relative not in translated:
            problems.append(Problem(str(annotations / locale.LOCALES_FOLDER / code / relative),
                                    f"{code}: file missing ({len(locale.read_words(english[relative]))} texts)"))
    return problems


def locale_problems(annotations: Path) -> list[Problem]:
    problems = english_problems(annotations)
    for code in locale.available_languages(annotations)[1:]:
        problems += translation_problems(annotations, code)
    return problems


def coverage(annotations: Path, code: str) -> Coverage:
    """Keys of a language that English also has, against all English keys."""
    english = words_files(annotations, locale.ENGLISH)
    theirs = words_files(annotations, code)
    total = translated = 0
    for relative, path in english.items():
        source = locale.read_words(path)
        total += len(source)
        if relative in theirs:
            translated += len(source.keys() & locale.read_words(theirs[relative]).keys())
    return Coverage(code, translated, total)
