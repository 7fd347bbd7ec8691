"""The words a report reader knows (annotations/report_vocabulary.json), compiled once into patterns. No Qt, no VTK.

The file holds every English phrase and what it maps to; this module only turns the phrase lists into regular
expressions (a phrase matches whole, any case, a final 's' allowed, a hyphen where a space is written and back).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from l5viz.content import Problem
from l5viz.content.clinical import check_pair
from l5viz.content.locale import words_key
from l5viz.paths import annotations_dir

VOCABULARY_FILE = "report_vocabulary.json"
TEXTS_FILE = "report_texts.json"


def phrase_pattern(phrase: str) -> str:
    """A phrase as a regular expression: whole words, a space or hyphen between them, a plural ending allowed."""
    words = re.split(r"[\s\-]+", phrase.strip().lower())
    if not any(c.isalnum() for c in phrase):
        return re.escape(phrase)
    body = r"[\s\-]+".join(re.escape(w) for w in words)
    plural = "(?:e?s)?" if words[-1][-1:].isalpha() else ""
    lead = r"\b" if words[0][:1].isalnum() else ""
    return lead + body + plural + (r"\b" if words[-1][-1:].isalnum() else "")


def alternation(phrases) -> re.Pattern:
    """One pattern for a list of phrases, the longest first (so 'disc bulge' wins over 'bulge')."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return re.compile("|".join(f"(?:{phrase_pattern(p)})" for p in ordered))


@dataclass(frozen=True)
class Head:
    """A finding's noun: the kind it makes (a lesion kind's name) or the topic it notes, and a herniation's type."""

    id: str
    kind: str | None
    topic: str | None
    type: str | None
    pattern: re.Pattern
    also: tuple[str, ...] = ()  # further topics one phrase notes ("facet and ligamentum flavum hypertrophy")


class Vocabulary:
    """The report vocabulary with its phrase lists compiled: what the reader matches against."""

    def __init__(self, data: dict, texts: dict):
        self.data = data
        self.texts = texts
        self.heads = [Head(h["id"], h.get("kind"), h.get("topic"), h.get("type"), alternation(h["phrases"]),
                           tuple(h.get("also", ()))) for h in data["heads"]]

    def words(self, *path: str) -> re.Pattern:
        node = self.data
        for key in path:
            node = node[key]
        return alternation(node)

    def choices(self, *path: str) -> dict[str, re.Pattern]:
        """{value: pattern} of a {value: [phrases]} table."""
        node = self.data
        for key in path:
            node = node[key]
        return {value: alternation(phrases) for value, phrases in node.items()}

    @cached_property
    def known(self) -> frozenset[str]:
        """Words that carry no finding of their own: a clause of only these (and levels, roots, cues) is filler."""
        words = set(self.data["known_words"])
        for phrases in (self.data["negation"]["before"], self.data["negation"]["after"],
                        self.data["negation"]["ends"], self.data["uncertainty"]["before"],
                        self.data["uncertainty"]["after"], self.data["uncertainty"]["between"],
                        *self.data["sides"].values(), *self.data["herniation"]["zones"].values(),
                        *self.data["herniation"]["sizes"].values(), *self.data["stenosis"]["places"].values(),
                        *self.data["stenosis"]["grades"].values(), *self.data["slip"]["types"].values(),
                        *self.data["herniation"]["zones_unsure"].values(), self.data["levels"]["range_words"],
                        *(v for k, v in self.data["herniation"]["migration"].items() if k != "behind_body")):
            for phrase in phrases:
                words.update(re.split(r"[\s\-]+", phrase.lower()))
        return frozenset(words)


def load_vocabulary(annotations: Path | None = None) -> tuple[Vocabulary | None, list[Problem]]:
    """The vocabulary and the reader's words, checked by their schemas (None when either cannot be used)."""
    pair, problems = check_pair(Path(annotations or annotations_dir()), (VOCABULARY_FILE, "report_vocabulary"),
                                (TEXTS_FILE, "report_texts"), words_cite=True)
    return (Vocabulary(*pair) if pair else None), problems


def default_vocabulary() -> Vocabulary:
    """The checkout's vocabulary, its words in the language spoken now; ValueError with the first problem when it
    cannot be loaded."""
    return _vocabulary_in(*words_key())


@cache
def _vocabulary_in(_language: str, _annotations: Path, _marked: bool) -> Vocabulary:
    vocabulary, problems = load_vocabulary()
    if vocabulary is None:
        raise ValueError(str(problems[0]) if problems else f"annotations/{VOCABULARY_FILE} could not be loaded")
    return vocabulary
