"""Read a lumbar spine MRI report as radiologists write it: per level, the findings it understood, as the scenario's
lesion specs, each with the exact phrases it came from. No Qt, no VTK; rule-based and deterministic.

How a report is read:
1. Lines and sentences. Sections such as TECHNIQUE or HISTORY are skipped (and listed as skipped); a line that
   starts with a level ("L4-5: ...") sets the level for what follows until the next one.
2. In each sentence the finding nouns (heads: "extrusion", "narrowing", "spondylolisthesis", ...) are found.
   Each head owns the words before it back to the previous clause break and the words after it up to the next
   one; from those it takes its level, side, zone, grade, size, migration and the root named.
3. A negation before a head ("no", "without"), with no grade or size word between, or a normal word after it
   ("patent", "not seen") drops it. An uncertainty cue ("possible", "cannot be excluded", "versus") makes
   it unsure. Where the report leaves out what the model must have (a type, a side, a grade), the finding is
   offered as unsure too, with the mildest or most usual value, never as shown.
4. What the model cannot draw (facet arthropathy, a herniation at L2-3) is noted with its topic and level; a clause
   with words the reader does not know is listed as not understood. Nothing is dropped silently.
5. The same finding read twice (the impression repeating the findings) is merged, as is a less specific mention
   of a finding already read at that level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l5viz.pathology.kinds import Overlays, kind_named
from l5viz.pathology.specs import SpecError
from l5viz.report.vocabulary import Vocabulary, alternation, default_vocabulary

VERTEBRAE = ("T12", "L1", "L2", "L3", "L4", "L5", "S1")
LEVEL_RE = re.compile(r"\b(t12|l[1-5])\s*(?:-|\u2013|\u2014|/|\s)\s*(?:(l|s)\s*)?([1-5])\b")
ON_RE = re.compile(r"\b(l[1-5])\s+on\s+(l[1-5]|s1)\b")
VERTEBRA_RE = re.compile(r"\b(t12|l[1-5]|s1)\b")
PERCENT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)")
WORD_RE = re.compile(r"\b[a-z][a-z']*\b")  # whole words: "l5" is a level, not the word "l"
SENTENCE_END_RE = re.compile(r"(?<=[.;!])\s+|;")
ABBREVIATION_END_RE = re.compile(r"\b(?:approx|e\.g|i\.e|vs|cf|no|ca)\.$")
LIST_JOINERS = ("and", "or")  # join sides and grades ("moderate left and mild right"): no break before a head
LIST_MARK_RE = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|[-*\u2022])\s+")


@dataclass(frozen=True)
class Span:
    """Where a phrase lies in the report text (character offsets, end exclusive)."""

    start: int
    end: int


@dataclass
class Finding:
    """One finding: shown (drawn), unsure (drawn only when the user ticks it) or noted (explained, not drawn).

    `topic` is the lesion kind's name for a spec, else the noted topic; `reasons` are ids of report_texts.json's
    reasons, why it is unsure or only noted; `stated` the spec fields the text itself gave (the rest are the
    model's defaults); `root` the root the report names ("L5"), if any.
    """

    status: str
    topic: str
    level: str | None
    spec: Any = None
    reasons: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    root: str | None = None
    stated: frozenset[str] = frozenset()
    described: dict[str, str] = field(default_factory=dict)  # a field the report names in its own words the
    # content can describe ({"zone": "paracentral"}, drawn in the subarticular zone)

    @property
    def kind(self) -> str | None:
        return self.topic if self.spec is not None else None

    @property
    def key(self) -> tuple:
        return (self.topic, self.spec.to_text()) if self.spec is not None else (self.topic, self.level)

    def to_dict(self, text: str) -> dict:
        return {"status": self.status, "kind": self.kind, "topic": self.topic, "level": self.level,
                "spec": self.spec.to_text() if self.spec is not None else None,
                "phrases": [{"text": text[s.start:s.end], "start": s.start, "end": s.end} for s in self.spans],
                "reasons": list(self.reasons), "root": self.root}


@dataclass
class Reading:
    """What the reader made of a report: the findings, and every part it did not turn into one, with why."""

    text: str
    findings: list[Finding]
    normal: list[Span]  # negated or normal statements ("no disc herniation", "the foramina are patent")
    not_understood: list[Span]
    skipped: list[tuple[Span, str]]  # (span, why): a section such as the technique, or boilerplate

    def drawn(self, ticked: set[int] | None = None) -> list[Finding]:
        """The findings drawn: the shown ones, or those whose index is in `ticked` (a user's choice)."""
        return [f for i, f in enumerate(self.findings)
                if f.spec is not None and (i in ticked if ticked is not None else f.status == "shown")]

    def overlays(self, ticked: set[int] | None = None) -> Overlays:
        return Overlays.of_specs(f.spec for f in self.drawn(ticked))

    def to_dict(self) -> dict:
        """The CLI's JSON: the findings, the overlays drawn, and what was not understood or skipped."""
        return {"findings": [f.to_dict(self.text) for f in self.findings],
                "overlays": self.overlays().to_texts(),
                "normal": [self.text[s.start:s.end] for s in self.normal],
                "not_understood": [{"text": self.text[s.start:s.end], "start": s.start, "end": s.end}
                                   for s in self.not_understood],
                "skipped": [{"text": self.text[s.start:s.end], "why": why} for s, why in self.skipped]}


def modelled_levels(kind: str) -> tuple[str, ...]:
    """The levels a lesion kind's spec takes (its "level" field's choices)."""
    return next(f.choices for f in kind_named(kind).spec.FIELDS if f.name == "level")


def stenosis_modelled(level: str, place: str) -> bool:
    """Whether the model draws a stenosis of this kind (foraminal, lateral-recess, central) at this level."""
    field = next(f for f in kind_named("stenosis").spec.FIELDS if f.name == "kind")
    return level in modelled_levels("stenosis") and place in field.options({"level": level})


def phrase_span(text: str, a: int, b: int) -> Span:
    """A finding's phrase: its words before and after the head, without the punctuation round them."""
    while a < b and not (text[a].isalnum() or text[a] in "(\"'"):
        a += 1
    while b > a and not (text[b - 1].isalnum() or text[b - 1] in ")%\"'"):
        b -= 1
    return Span(a, b)


def level_name(upper: str) -> str | None:
    """The disc level below a vertebra ("L4" -> "L4-L5"), None below S1."""
    i = VERTEBRAE.index(upper)
    return f"{upper}-{VERTEBRAE[i + 1]}" if i + 1 < len(VERTEBRAE) else None


def levels_between(first: str, last: str) -> list[str]:
    """Every disc level from `first` to `last` inclusive ("L3-L4", "L5-S1" -> three levels)."""
    a, b = VERTEBRAE.index(first.split("-")[0]), VERTEBRAE.index(last.split("-")[0])
    return [level_name(VERTEBRAE[i]) for i in range(min(a, b), max(a, b) + 1)]


@dataclass
class Mention:
    """Something found in a sentence: its span and value (a level list, a side, a grade, a root...)."""

    start: int
    end: int
    value: Any


class SentenceReader:
    """Reads one sentence (offsets into the whole report) with the vocabulary's compiled patterns."""

    def __init__(self, rules: "Rules", text: str, start: int, end: int):
        self.rules = rules
        self.text = text  # lower-cased report, same offsets as the original
        self.start, self.end = start, end

    # ---- finding things ----------------------------------------------------------------------
    def find(self, pattern: re.Pattern, value=None, a: int | None = None, b: int | None = None) -> list[Mention]:
        a = self.start if a is None else a
        b = self.end if b is None else b
        return [Mention(a + m.start(), a + m.end(), m.group(0) if value is None else value)
                for m in pattern.finditer(self.text[a:b])]

    def find_choice(self, table: dict[str, re.Pattern], a: int, b: int) -> list[Mention]:
        found = [m for value, pattern in table.items() for m in self.find(pattern, value, a, b)]
        return sorted(found, key=lambda m: m.start)

    def levels(self) -> list[Mention]:
        """Level mentions, each a list of levels: "L4-5", "L4 on L5", "lumbosacral", ranges and lists merged."""
        found: list[Mention] = []
        taken: list[tuple[int, int]] = []
        for m in ON_RE.finditer(self.text[self.start:self.end]):
            a, b = self.start + m.start(), self.start + m.end()
            found.append(Mention(a, b, [level_name(m.group(1).upper())]))
            taken.append((a, b))
        for m in LEVEL_RE.finditer(self.text[self.start:self.end]):
            a, b = self.start + m.start(), self.start + m.end()
            if any(x < b and a < y for x, y in taken):
                continue
            upper = m.group(1).upper()
            letter = (m.group(2) or upper[0]).upper()
            lower = f"{letter}{m.group(3)}" if upper != "T12" or m.group(2) else f"L{m.group(3)}"
            if lower not in VERTEBRAE or VERTEBRAE.index(lower) <= VERTEBRAE.index(upper):
                continue
            span = levels_between(level_name(upper), level_name(VERTEBRAE[VERTEBRAE.index(lower) - 1]))
            found.append(Mention(a, b, span))
            taken.append((a, b))
        for name, level in sorted(self.rules.named_levels.items(), key=lambda nl: -len(nl[0])):
            for m in self.find(alternation([name]), [level]):
                if not any(x < m.end and m.start < y for x, y in taken):
                    found.append(m)
                    taken.append((m.start, m.end))
        found.sort(key=lambda m: m.start)
        return self._joined(found)

    def _joined(self, found: list[Mention]) -> list[Mention]:
        """Ranges ("L3-4 through L5-S1") and lists ("L4-5 and L5-S1") as one mention."""
        out: list[Mention] = []
        for m in found:
            if out:
                gap = self.text[out[-1].end:m.start].strip(" ,")
                if gap in self.rules.range_words or gap in ("-", "\u2013"):
                    out[-1] = Mention(out[-1].start, m.end, levels_between(out[-1].value[0], m.value[-1]))
                    continue
                if gap in ("", "and", "&", "as well as", ", and", "or"):
                    out[-1] = Mention(out[-1].start, m.end, out[-1].value + [v for v in m.value
                                                                           if v not in out[-1].value])
                    continue
            out.append(m)
        return out

    def roots(self) -> list[Mention]:
        """Roots named ("the traversing right L5 nerve root"): (root, side or None)."""
        out = []
        for m in self.rules.root_re.finditer(self.text[self.start:self.end]):
            side = next((s for s in ("right", "left") if m.group("side") and m.group("side").startswith(s[0])), None)
            out.append(Mention(self.start + m.start(), self.start + m.end(), (m.group("root").upper(), side)))
        return out

    def vertebrae(self, a: int, b: int, skip: list[Mention]) -> list[str]:
        return [m.group(1).upper() for m in VERTEBRA_RE.finditer(self.text[a:b])
                if not any(s.start <= a + m.start() < s.end for s in skip)]


class Rules:
    """The vocabulary's patterns, compiled once per vocabulary."""

    def __init__(self, vocabulary: Vocabulary):
        v = vocabulary
        self.vocabulary = v
        d = v.data
        self.skipped_sections = alternation(d["sections"]["skipped"])
        self.finding_sections = alternation(d["sections"]["findings"])
        self.boilerplate = alternation(d["boilerplate"])
        self.named_levels = d["levels"]["named"]
        self.range_words = set(d["levels"]["range_words"])
        self.sides = v.choices("sides")
        kinds = "|".join(p for words in d["roots"]["pattern_words"].values() for p in words)
        nouns = "|".join(sorted((re.escape(n) for n in d["roots"]["nouns"]), key=len, reverse=True))
        side = "|".join(sorted((p for s in ("right", "left") for p in d["sides"][s]), key=len, reverse=True))
        self.root_re = re.compile(rf"(?:\b(?:{kinds})\s+)?(?:\b(?P<side>{side})\s+)?(?:\b(?:{kinds})\s+)?"
                                  rf"\b(?P<root>l[1-5]|s1)\s+(?:{nouns})\b")
        self.negation_before = v.words("negation", "before")
        self.negation_after = v.words("negation", "after")
        self.negation_ends = v.words("negation", "ends")
        self.unsure_before = v.words("uncertainty", "before")
        self.unsure_after = v.words("uncertainty", "after")
        self.unsure_between = v.words("uncertainty", "between")
        self.breaks = re.compile("|".join(re.escape(b) if not b.strip().isalpha() else rf"\s{re.escape(b.strip())}\s"
                                          for b in d["clause_breaks"]))
        h = d["herniation"]
        self.zones = v.choices("herniation", "zones")
        self.zones_unsure = v.choices("herniation", "zones_unsure")
        self.sizes = {float(k): alternation(p) for k, p in h["sizes"].items()}
        self.default_size = float(h["default_size"])
        self.migration_cues = alternation(h["migration"]["cues"])
        self.migration = {"caudal": alternation(h["migration"]["caudal"]),
                          "cranial": alternation(h["migration"]["cranial"])}
        self.behind_phrases = h["migration"]["behind_body"]
        self.described = {name: alternation(words) for name, words in h["described_as"].items()}
        s = d["stenosis"]
        self.places = v.choices("stenosis", "places")
        self.plural_places = alternation(s["plural_places"])
        self.grades = {int(k): alternation(p) for k, p in s["grades"].items()}
        grade_words = "|".join(sorted((re.escape(w) for ws in s["grades"].values() for w in ws), key=len, reverse=True))
        joiners = "|".join(re.escape(j) for j in s["range_joiners"])
        self.grade_range = re.compile(rf"\b({grade_words})[\s\-]*(?:{joiners})[\s\-]*({grade_words})\b")
        lee = "|".join(re.escape(w) for w in s["named_grades"]["lee"])
        self.lee = re.compile(rf"(?:(?:{lee})|\bgrade)\s*([0-3])\b")
        self.schizas = re.compile(rf"(?:{'|'.join(re.escape(w) for w in s['named_grades']['schizas'])})"
                                  r"\s*(?:grade\s*)?([a-d])\b")
        self.letters = {int(k): v for k, v in s["schizas_letters"].items()}
        self.greater = alternation(s["greater_than"])
        # A comma that goes on with a grade or a side lists them ("moderate right, mild left narrowing").
        self.listed = re.compile(r"\s*(?:" + "|".join(p.pattern for p in (*self.grades.values(), *self.sides.values()))
                                 + ")")
        sl = d["slip"]
        self.slip_grades = {int(k): alternation(p) for k, p in sl["grade_words"].items()}
        self.slip_unsure = alternation(sl["unsure_grade_words"])
        self.slip_types = v.choices("slip", "types")
        self.usual_type = sl["usual_type"]
        between = d["far_out"]["between"]
        self.far_out = re.compile("|".join([alternation(d["far_out"]["phrases"]).pattern,
                                            rf"\bbetween\s+(?:[a-z0-9]+\s+){{0,4}}?{re.escape(between['first'])}e?s?"
                                            rf"\s+and\s+the\s+(?:[a-z]+\s+){{0,2}}?{re.escape(between['second'])}\b"]))
        types = "|".join(h_type for h_type in ("bulge", "protrusion", "extrusion", "sequestration"))
        self.type_modifier = re.compile(rf"[\s\-]+{re.escape(h['type_modifier'])}\b")
        self.typed = re.compile(rf"\b({types})[\s\-]+{re.escape(h['type_modifier'])}\b")
        self.far_out_severity = float(d["far_out"]["severity"])
        qualifiers = [w for table in (d["slip"]["types"], d["herniation"]["zones"]) for ws in table.values()
                      for w in ws]
        qualifiers += ["bulge", "protrusion", "extrusion", "sequestration"]
        self.hedged = re.compile(r"\s+(?:" + alternation(qualifiers).pattern + ")")
        label_words = "|".join(re.escape(w) for w in d["labels"]["words"])
        self.labels = [(topic, re.compile(rf"\b{re.escape(label)}\s*:\s*(?:[a-z]+\s+){{0,2}}?({label_words})\b"))
                       for label, topic in d["labels"]["topics"].items()]

    def behind_body(self, vertebra: str) -> re.Pattern:
        """'behind the L5 body' and the like, for one vertebra."""
        return alternation([p.format(vertebra=vertebra.lower()) for p in self.behind_phrases])

    def grade_of(self, word: str) -> int:
        return next(g for g, p in self.grades.items() if p.fullmatch(word))


MAX_REPORT_CHARS = 200_000  # a report is a page or two; a bigger file is not a report


def report_text(path: Path) -> str:
    """A report's text from a plain-text file; ValueError naming the problem (a folder, no file, not text,
    nothing in it)."""
    if path.is_dir():
        raise ValueError(f"{path} is a folder; give a plain-text report file (.txt)")
    if not path.is_file():
        raise ValueError(f"{path}: no such file; give a plain-text report file (.txt)")
    if path.stat().st_size > MAX_REPORT_CHARS:
        raise ValueError(f"{path} is {path.stat().st_size:,} bytes, too big for a report "
                         f"(at most {MAX_REPORT_CHARS:,})")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not UTF-8 text; save the report as plain text (UTF-8)") from None
    if not text.strip():
        raise ValueError(f"{path} is empty; give a file with the report's text")
    return text


def read_report(text: str, vocabulary: Vocabulary | None = None) -> Reading:
    """The findings of a report, with what was not understood and what was skipped (see the module's steps)."""
    return ReportReader(vocabulary or default_vocabulary()).read(text)


class ReportReader:
    def __init__(self, vocabulary: Vocabulary):
        self.rules = Rules(vocabulary)

    def read(self, text: str) -> Reading:
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        findings: list[Finding] = []
        normal: list[Span] = []
        unread: list[Span] = []
        skipped: list[tuple[Span, str]] = []
        context: list[str] = []
        section_skipped = False
        offset = 0
        for line in text.split("\n"):
            a, b = offset, offset + len(line)
            offset = b + 1
            a = a + len(line) - len(line.lstrip())
            if a >= b:
                continue
            header = (re.match(r"\s*([a-z][a-z ]{1,30}?)\s*:\s*", lower[a:b])
                      or re.fullmatch(r"\s*([a-z][a-z ]{1,30}?)\s*", lower[a:b]))  # a heading alone on its line
            if header and self.rules.skipped_sections.fullmatch(header.group(1)):
                section_skipped = a + header.end() >= b  # a heading alone goes on to the next heading or level
                skipped.append((Span(a, b), "section"))
                continue
            if header and self.rules.finding_sections.fullmatch(header.group(1)):
                section_skipped = False
                context = []
                a += header.end()
                if a >= b:
                    continue
            elif section_skipped and not LEVEL_RE.match(lower, a):
                skipped.append((Span(a, b), "section"))
                continue
            mark = LIST_MARK_RE.match(lower[a:b])
            if mark:
                a += mark.end()
            for s, e in self._sentences(lower, a, b):
                if self.rules.boilerplate.search(lower[s:e]):
                    skipped.append((Span(s, e), "boilerplate"))
                    continue
                context = self._read_sentence(lower, s, e, context, findings, normal, unread)
        return Reading(text, merged(typed_by_pars(findings)), normal, unread, skipped)

    @staticmethod
    def _sentences(lower: str, a: int, b: int) -> list[tuple[int, int]]:
        out, start = [], a
        for m in SENTENCE_END_RE.finditer(lower[a:b]):
            end = a + m.start()
            if ABBREVIATION_END_RE.search(lower[start:end]):
                continue  # "approx. 15 %": not the end of a sentence
            if lower[start:end].strip():
                out.append((start, end))
            start = a + m.end()
        if lower[start:b].strip():
            out.append((start, b))
        trimmed = []
        for s, e in out:
            while s < e and lower[s] in " \t":
                s += 1
            while e > s and lower[e - 1] in " .\t\r":
                e -= 1
            if s < e:
                trimmed.append((s, e))
        return trimmed

    # ---- one sentence -----------------------------------------------------------------------
    def _read_sentence(self, lower: str, a: int, b: int, context: list[str], findings: list[Finding],
                       normal: list[Span], unread: list[Span]) -> list[str]:
        """Add the sentence's findings; return the level context for the next sentence."""
        r = self.rules
        sentence = SentenceReader(r, lower, a, b)
        levels = sentence.levels()
        roots = sentence.roots()
        heads = self._heads(sentence, roots)
        cues = self._cues(sentence)
        regions = self._regions(sentence, heads)
        sentence_levels = [lv for m in levels for lv in m.value]
        for (head, match), (pre, post) in zip(heads, regions):
            own = [m for m in levels if pre[0] <= m.start < post[1]]
            if own:
                head_levels = [lv for m in own for lv in m.value]
            else:
                before = [m for m in levels if m.end <= match.start]
                after = [m for m in levels if m.start >= match.end]
                head_levels = (before[-1].value if before else after[0].value if after else list(context))
            if self._negated(sentence, cues, heads, match, pre, post):
                normal.append(Span(match.start, match.end))
                continue
            unsure = self._unsure(sentence, cues, match, pre, post, heads)
            made = self._finding(sentence, head, match, pre, post, head_levels, roots, unsure, levels)
            if made is None:
                unread.append(phrase_span(lower, pre[0], max(post[1], match.end)))
            findings.extend(made or [])
        self._leftovers(sentence, heads, levels, roots, cues, normal, unread)
        return sentence_levels[-1:] if levels else context

    def _heads(self, sentence: SentenceReader, roots: list[Mention]) -> list[tuple[Any, Mention]]:
        """The finding nouns, longest match first, none inside another or inside a root's name."""
        r = self.rules
        found = []
        for head in r.vocabulary.heads:
            for m in sentence.find(head.pattern):
                found.append((head, m))
        for m in sentence.find(r.far_out):
            found.append((next(h for h in r.vocabulary.heads if h.kind == "far_out"), m))
        for topic, pattern in r.labels:  # a template's "Facets: moderate hypertrophy"
            head = next(h for h in r.vocabulary.heads if h.topic == topic and not h.also)
            for m in pattern.finditer(sentence.text[sentence.start:sentence.end]):
                found.append((head, Mention(sentence.start + m.start(1), sentence.start + m.end(1), m.group(1))))
        found.sort(key=lambda hm: (-(hm[1].end - hm[1].start), hm[1].start))
        taken: list[tuple[int, int]] = [(m.start, m.end) for m in roots]
        out = []
        for head, m in found:
            if any(x < m.end and m.start < y for x, y in taken):
                continue
            if head.kind == "stenosis" and re.match(r"\s+(?:the|a|an|both)\b", sentence.text[m.end:m.end + 6]) \
                    and not any(p.search(sentence.text[max(sentence.start, m.start - 14):m.start])
                                for p in r.grades.values()):
                continue  # "narrowing the foramen": a verb of what another finding does ("mildly narrows": graded)
            if head.kind == "herniation" and head.type and r.type_modifier.match(sentence.text, m.end):
                continue  # "herniation of extrusion type": the herniation's type, read from its words
            out.append((head, m))
            taken.append((m.start, m.end))
        return sorted(out, key=lambda hm: hm[1].start)

    def _cues(self, sentence: SentenceReader) -> dict[str, list[Mention]]:
        """Negation, uncertainty and contrast words; a negation inside an uncertainty ("cannot be excluded")
        is not one."""
        r = self.rules
        unsure = sentence.find(r.unsure_after) + sentence.find(r.unsure_before) + sentence.find(r.unsure_between)
        unsure_spans = [(m.start, m.end) for m in unsure]

        def free(mentions: list[Mention]) -> list[Mention]:
            return [m for m in mentions if not any(x < m.end and m.start < y for x, y in unsure_spans)]

        return {"unsure_before": sentence.find(r.unsure_before), "unsure_after": sentence.find(r.unsure_after),
                "unsure_between": sentence.find(r.unsure_between),
                "negation_before": free(sentence.find(r.negation_before)),
                "negation_after": free(sentence.find(r.negation_after)),
                "ends": sentence.find(r.negation_ends)}

    def _regions(self, sentence: SentenceReader, heads) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """Per head, the words it owns before it and after it: split between two heads at the last clause break."""
        rules = sentence.rules
        bounds = []
        start = sentence.start
        if heads:  # the first head's words start after the last break before it ("At L4-5, there is a ...")
            lead = [b for b in rules.breaks.finditer(sentence.text[sentence.start:heads[0][1].start])
                    if b.group(0).strip() not in LIST_JOINERS
                    and not rules.listed.match(sentence.text, sentence.start + b.end())]
            start = sentence.start + lead[-1].end() if lead else sentence.start
        for i, (_, m) in enumerate(heads):
            if i + 1 < len(heads):  # split the words between two heads at the last break between them
                nxt = heads[i + 1][1]
                gap = sentence.text[m.end:nxt.start]
                brk = (list(rules.breaks.finditer(gap)) or list(rules.unsure_between.finditer(gap)) or [None])[-1]
                post_end = m.end + brk.start() if brk else m.end
                next_start = m.end + brk.end() if brk else m.end
            else:
                post_end = next_start = sentence.end
            bounds.append(((start, m.start), (m.end, post_end)))
            start = next_start
        return bounds

    def _negated(self, sentence, cues, heads, match, pre, post) -> bool:
        """A normal word right after the head ("foramina are patent"), or a negation before it that no contrast
        word ends and that no graded finding after an earlier head takes over ("no herniation, mild stenosis")."""
        r = self.rules
        own = r.breaks.search(sentence.text[post[0]:post[1]])
        own_end = post[0] + own.start() if own else post[1]
        if any(post[0] <= c.start < own_end for c in cues["negation_after"]):
            return True
        before = [c for c in cues["negation_before"] if c.end <= match.start]
        if not before:
            return False
        cue = before[-1]
        between = sentence.text[cue.end:match.start]
        if any(e.start >= cue.end and e.end <= match.start for e in cues["ends"]) or ";" in between:
            return False
        passed = [m for _, m in heads if cue.end <= m.start and m.end <= match.start]
        if not passed:
            return True
        after = sentence.text[passed[-1].end:match.start]
        positive = [r.grade_range, *r.grades.values(), *r.sizes.values(), *r.slip_grades.values()]
        return not any(p.search(after) for p in positive)

    def _unsure(self, sentence, cues, match, pre, post, heads) -> bool:
        """An uncertainty cue before the head (or before an earlier head of its kind that it goes on describing),
        a hedge on what it is after it ("likely degenerative"), a cue after it ("cannot be excluded"), or
        "versus" between it and a neighbour."""
        if any(pre[0] <= c.start and c.end <= match.start for c in cues["unsure_before"]):
            return True
        kind = next(h.kind or h.topic for h, m in heads if m is match)
        for c in cues["unsure_before"]:  # "suggestive of far-out impingement ... between the process and the ala"
            between = [h.kind or h.topic for h, m in heads if c.end <= m.start < match.start]
            breaks = [b for b in self.rules.breaks.finditer(sentence.text[c.end:match.start]) if b.group(0) != ","]
            if c.end <= match.start and between and set(between) == {kind} and not breaks:
                return True
        for c in cues["unsure_before"]:  # "..., likely degenerative": a hedge on what the head is
            if post[0] <= c.start < post[1] and self.rules.hedged.match(sentence.text, c.end):
                return True
        if any(post[0] <= c.start < post[1] for c in cues["unsure_after"]):
            return True
        # "protrusion versus extrusion": both sides of the cue
        i = [m for _, m in heads].index(match)
        neighbours = [heads[j][1] for j in (i - 1, i + 1) if 0 <= j < len(heads)]
        for c in cues["unsure_between"]:
            for n in neighbours:
                lo, hi = sorted((n, match), key=lambda m: m.start)
                if lo.end <= c.start and c.end <= hi.start:
                    return True
        return False

    # ---- building findings ----------------------------------------------------------------------
    def _finding(self, sentence, head, match, pre, post, levels, roots, unsure, level_mentions):
        """The findings of one head (None when it cannot be placed: no level, or a stenosis with no place)."""
        scope = [pre, post]
        named = [m.value for m in roots if pre[0] <= m.start < post[1]]
        root = named[0][0] if named else None
        root_side = named[0][1] if named else None
        span = phrase_span(sentence.text, pre[0], max(post[1], match.end))
        if head.kind == "spondylolisthesis" or head.topic == "pars_defect":
            levels = self._slip_levels(sentence, scope, level_mentions, roots) or levels
        if head.kind == "far_out":
            levels = ["L5-S1"]  # the L5 nerve over the sacral ala (Wiltse 1984), wherever the sentence says
        if not levels and head.topic is None:
            return None
        if head.topic is not None:
            return [Finding("noted", topic, lv, spans=[span], reasons=["not_modelled"])
                    for topic in (head.topic,) + head.also for lv in (levels or [None])]
        build = {"herniation": self._herniation, "stenosis": self._stenosis, "spondylolisthesis": self._slip,
                 "far_out": self._far_out}[head.kind]
        out = []
        for level in levels:
            made = build(sentence, head, scope, level, root_side)
            if made is None:
                return None
            for f in made:
                f.spans = [span]
                f.root = f.root or root
                if unsure and f.status != "noted":
                    f.status = "unsure"
                    f.reasons.insert(0, "uncertain")
                out.append(f)
        return out

    def _words(self, sentence, scope, pattern) -> list[Mention]:
        return [m for a, b in scope for m in sentence.find(pattern, None, a, b)]

    def _side(self, sentence, scope, root_side) -> tuple[list[str], bool]:
        """The sides the scope names (both for 'bilateral'), and whether any was written."""
        for a, b in scope:
            found = sentence.find_choice(self.rules.sides, a, b)
            if found:
                value = found[-1].value if (a, b) == scope[0] else found[0].value
                return (["left", "right"] if value == "both" else [value]), True
        return ([root_side], True) if root_side else (["right"], False)

    def _spec(self, kind: str, values: dict) -> Any:
        spec_type = kind_named(kind).spec
        try:
            return spec_type.from_state({k: v for k, v in values.items() if v is not None})
        except SpecError:
            return None

    def _herniation(self, sentence, head, scope, level, root_side):
        r = self.rules
        sides, side_stated = self._side(sentence, scope, root_side)
        zone, zone_stated, reasons, described = None, True, [], {}
        for a, b in scope:
            found = sentence.find_choice(r.zones, a, b)
            if found:
                zone = found[0].value
                words = sentence.text[found[0].start:found[0].end]
                described = {"zone": name for name, p in r.described.items() if p.fullmatch(words)}
                break
        if zone is None:
            for a, b in scope:
                found = sentence.find_choice(r.zones_unsure, a, b)
                if found:
                    zone, reasons = found[0].value, ["zone_ambiguous"]
                    break
        typ = head.type
        if typ is None:
            named = [m for a, b in scope for m in self.rules.typed.finditer(sentence.text[a:b])]
            typ = named[0].group(1) if named else None
        type_stated = typ is not None
        if typ is None:
            typ, reasons = "protrusion", reasons + ["no_type"]
        if zone is None:
            zone_stated = False
            if typ != "bulge":
                zone = "subarticular" if side_stated else "central"
                reasons.append("no_zone")
            else:
                zone = "central"
        if not side_stated and zone != "central" and typ != "bulge":
            reasons.append("no_side")
        size, size_stated = r.default_size, False
        for a, b in scope:
            found = sorted((m for value, p in r.sizes.items() for m in sentence.find(p, value, a, b)),
                           key=lambda m: m.start)
            if found:
                size, size_stated = found[0].value, True
                break
        migration = None
        cue = bool(self._words(sentence, scope, r.migration_cues))
        if cue:
            for direction, p in r.migration.items():
                if self._words(sentence, scope, p):
                    migration = direction
        upper, lower = level.split("-")
        for vertebra, direction in ((lower, "caudal"), (upper, "cranial")):
            if self._words(sentence, scope, r.behind_body(vertebra)):
                migration = direction  # behind the body below the disc: moved down (and above: up)
        migrated = migration is not None or any("migrat" in sentence.text[a:b] for a, b in scope)
        if migrated and typ not in ("extrusion", "sequestration"):
            migration, reasons = None, reasons + ["migration_not_possible"]
        if level not in modelled_levels("herniation"):
            return [Finding("noted", "herniation", level, reasons=["level_not_modelled"])]
        stated = {"level", "type"} | ({"zone"} if zone_stated else set()) | ({"side"} if side_stated else set()) \
            | ({"severity"} if size_stated else set()) | ({"migration"} if migration else set())
        if not type_stated:
            stated.discard("type")
        out = []
        for side in sides:
            spec = self._spec("herniation", {"level": level, "zone": zone, "side": side, "type": typ,
                                             "severity": size, "migration": migration})
            out.append(Finding("unsure" if reasons else "shown", "herniation", level, spec, list(reasons),
                               stated=frozenset(stated), described=dict(described)))
        return out

    def _stenosis(self, sentence, head, scope, level, root_side):
        r = self.rules
        places = sentence.find_choice(r.places, scope[0][0], scope[1][1])  # the head may name it ("sac compression")
        if not places:  # "the left lateral recess, which is moderately narrowed": the place named before it
            before = sentence.find_choice(r.places, sentence.start, scope[0][0])
            if not before:
                return None
            place = before[-1]
            side = sentence.find_choice(r.sides, max(sentence.start, place.start - 12), place.start)
            root_side = side[-1].value if side and side[-1].value != "both" else root_side
            places = [Mention(scope[0][0], scope[0][0], place.value)]
        # Each place takes the grade and side words since the previous place (one head may name several:
        # "moderate central canal and mild bilateral foraminal stenosis"); the words after the head go to the last.
        pre, post = scope
        post = (post[0], self._own_clauses_end(sentence, post))
        chunks, start = [], pre[0]
        pre_places = [p for p in places if p.start < pre[1]] or places[:1]
        for i, p in enumerate(pre_places):
            end = p.end if i + 1 < len(pre_places) else pre[1]
            chunks.append((p, [(start, end)] + ([post] if i + 1 == len(pre_places) else [])))
            start = p.end
        out, inherited = [], None
        for place, spans in chunks:
            events = self._grade_events(sentence, spans)
            grades = [e for e in events if e.value[0] == "grade"]
            if not grades and inherited is not None:
                events = [inherited] + events
            if grades:
                inherited = grades[-1]
            plural = bool(r.plural_places.fullmatch(sentence.text[place.start:place.end]))
            out += self._stenosis_of(place.value, level, events, plural, root_side)
        return out

    def _own_clauses_end(self, sentence, post: tuple[int, int]) -> int:
        """Where the words after a head stop being about it: at the clause that states something normal
        ("severe left foraminal narrowing, right foramen patent")."""
        r = self.rules
        cuts = [post[0] + m.start() for m in r.breaks.finditer(sentence.text[post[0]:post[1]])] + [post[1]]
        for a, b in zip(cuts, cuts[1:]):
            if r.negation_after.search(sentence.text[a:b]):
                return a
        return post[1]

    def _grade_events(self, sentence, spans) -> list[Mention]:
        """Grade words (a range as one), named grades, sides and 'greater than', in text order."""
        r = self.rules
        events = []
        for a, b in spans:
            taken = []
            for m in r.grade_range.finditer(sentence.text[a:b]):
                g1, g2 = r.grade_of(m.group(1)), r.grade_of(m.group(2))
                events.append(Mention(a + m.start(), a + m.end(), ("grade", (g1, g2))))
                taken.append((a + m.start(), a + m.end()))
            for g, p in r.grades.items():
                for m in sentence.find(p, None, a, b):
                    if not any(x <= m.start < y for x, y in taken):
                        events.append(Mention(m.start, m.end, ("grade", (g, g))))
            for m in r.lee.finditer(sentence.text[a:b]):
                g = int(m.group(1))
                events.append(Mention(a + m.start(), a + m.end(), ("grade", (g, g))))
            for m in r.schizas.finditer(sentence.text[a:b]):
                letter = m.group(1).upper()
                events.append(Mention(a + m.start(), a + m.end(), ("letter", letter)))
            for m in sentence.find_choice(r.sides, a, b):
                events.append(Mention(m.start, m.end, ("side", m.value)))
            for m in sentence.find(r.greater, None, a, b):
                events.append(Mention(m.start, m.end, ("greater", None)))
        return sorted(events, key=lambda m: m.start)

    def _stenosis_of(self, place, level, events, plural, root_side) -> list[Finding]:
        r = self.rules
        letter = next((e.value[1] for e in events if e.value[0] == "letter"), None)
        graded: dict[str, tuple[int, int] | None] = {}
        lower_sides: set[str] = set()
        pending, last_side, greater = None, None, False
        for e in events:
            what, value = e.value
            if what == "grade":
                pending = value
                ungraded = [s for s, g in graded.items() if g is None]
                for s in ungraded:
                    graded[s] = value
            elif what == "side":
                sides = ["left", "right"] if value == "both" else [value]
                for s in sides:
                    if greater and last_side:
                        lower_sides.add(s)
                        graded[s] = graded.get(last_side)
                    else:
                        graded[s] = pending
                last_side, greater = sides[-1], False
            elif what == "greater":
                greater = True
        grade_any = next((e.value[1] for e in events if e.value[0] == "grade"), None)
        if not graded:
            if place == "central":
                graded = {"": grade_any}
            else:
                sides = ["left", "right"] if plural else [root_side] if root_side else ["left", "right"]
                graded = {s: grade_any for s in sides}
                side_unstated = not plural and not root_side
        else:
            side_unstated = False
        out = []
        if place == "central":
            reasons = [] if grade_any is not None or letter else ["no_grade"]
            value = letter or r.letters[min(4, max(grade_any or (1, 1)))]
            if not stenosis_modelled(level, place):
                return [Finding("noted", "central_stenosis", level, reasons=["level_not_modelled"])]
            spec = self._spec("stenosis", {"level": level, "kind": "central", "schizas_grade": value})
            return [Finding("unsure" if reasons else "shown", "stenosis", level, spec, reasons,
                            stated=frozenset({"level", "kind"} | ({"schizas_grade"} if not reasons else set())))]
        topic = "foraminal_stenosis" if place == "foraminal" else "lateral_recess_stenosis"
        if not stenosis_modelled(level, place):
            return [Finding("noted", topic, level, reasons=["level_not_modelled"])]
        for side, g in graded.items():  # in the report's order ("moderate right and mild left")
            reasons = []
            if g is None:
                value, reasons = 1.0, ["no_grade"]
            else:
                lo, hi = min(g[0], 3), min(g[1], 3)
                value = (lo + hi) / 2.0
            if side in lower_sides:
                value, reasons = max(1.0, value - 1.0), reasons + ["milder_unstated"]
            if side_unstated:
                reasons.append("no_side")
            spec = self._spec("stenosis", {"level": level, "kind": place, "side": side, "grade": value})
            stated = {"level", "kind"} | ({"side"} if not side_unstated else set()) \
                | ({"grade"} if g is not None and side not in lower_sides else set())
            out.append(Finding("unsure" if reasons else "shown", "stenosis", level, spec, reasons,
                               stated=frozenset(stated)))
        return out

    def _slip_levels(self, sentence, scope, level_mentions, roots) -> list[str]:
        """A slip's or pars defect's level: a level written in its scope, else the vertebra named ("L5" -> L5-S1)."""
        own = [lv for m in level_mentions if any(a <= m.start < b for a, b in scope) for lv in m.value]
        if own:
            return own
        skip = level_mentions + roots
        for a, b in scope + [(sentence.start, scope[0][0]), (scope[1][1], sentence.end)]:  # then the sentence's
            vertebrae = [v for v in sentence.vertebrae(a, b, skip) if v != "S1"]
            if vertebrae:
                return [level_name(vertebrae[-1 if b <= scope[0][0] else 0])]
        return []

    def _slip(self, sentence, head, scope, level, root_side):
        r = self.rules
        reasons = []
        typ = next((m.value for a, b in scope for m in sentence.find_choice(r.slip_types, a, b)), None)
        type_stated = typ is not None
        grade = None
        for a, b in scope:
            for g, p in r.slip_grades.items():
                if sentence.find(p, None, a, b):
                    grade = float(g)
                    if sentence.find(r.slip_unsure, None, a, b):
                        reasons.append("no_grade")
            percent = PERCENT_RE.search(sentence.text[a:b])
            if percent and grade is None:
                grade = round((float(percent.group(1)) + 12.5) / 25.0, 2)
        if grade is None:
            grade, reasons = 1.0, reasons + ["no_grade"]
        if typ is None:
            typ = r.usual_type.get(level, "degenerative")
            reasons.append("no_type")
        if level not in modelled_levels("spondylolisthesis"):
            return [Finding("noted", "spondylolisthesis", level, reasons=["level_not_modelled"])]
        spec = self._spec("spondylolisthesis", {"level": level, "type": typ, "grade": min(grade, 4.0)})
        if spec is None:
            return [Finding("noted", "spondylolisthesis", level, reasons=["grade_not_modelled"])]
        stated = {"level"} | ({"type"} if type_stated else set()) | ({"grade"} if "no_grade" not in reasons else set())
        return [Finding("unsure" if reasons else "shown", "spondylolisthesis", level, spec, sorted(set(reasons)),
                        stated=frozenset(stated))]

    def _far_out(self, sentence, head, scope, level, root_side):
        sides, stated = self._side(sentence, scope, root_side)
        reasons = [] if stated else ["no_side"]
        return [Finding("unsure" if reasons else "shown", "far_out", "L5-S1",
                        self._spec("far_out", {"side": side, "severity": self.rules.far_out_severity}), list(reasons),
                        stated=frozenset({"side"} if stated else set())) for side in sides]

    # ---- what is left ---------------------------------------------------------------------------------
    def _leftovers(self, sentence, heads, levels, roots, cues, normal, unread) -> None:
        """Clauses with no finding: filler, a normal statement, or not understood (words the reader lacks)."""
        r = self.rules
        lower = sentence.text
        cuts = [sentence.start] + [sentence.start + m.start()
                                   for m in r.breaks.finditer(lower[sentence.start:sentence.end])]
        cuts.append(sentence.end)
        covered = [(m.start, m.end) for m in levels + roots] + [(m.start, m.end) for ms in cues.values() for m in ms]
        for a, b in zip(cuts, cuts[1:]):
            if any(a <= m.start < b or a < m.end <= b for _, m in heads):
                continue
            words = [w for w in WORD_RE.finditer(lower[a:b])
                     if not any(x <= a + w.start() < y for x, y in covered)]
            unknown = [w.group(0) for w in words if not self._known(w.group(0))]
            s, e = a, b
            while s < e and not lower[s].isalnum():
                s += 1
            while e > s and not lower[e - 1].isalnum() and lower[e - 1] not in ")%":
                e -= 1
            if s >= e:
                continue
            if any(a <= c.start < b for c in cues["negation_after"] + cues["negation_before"]):
                normal.append(Span(s, e))
            elif unknown:
                unread.append(Span(s, e))

    def _known(self, word: str) -> bool:
        known = self.rules.vocabulary.known
        return any(w in known for w in (word, word.rstrip("s"), word[:-2] if word.endswith("es") else word,
                                        word.split("'")[0]))


def typed_by_pars(findings: list[Finding]) -> list[Finding]:
    """A slip whose type the sentence left out is isthmic where the report names a pars defect of its vertebra;
    the defect is then part of the slip drawn (its spans join the slip's)."""
    pars = {f.level for f in findings if f.topic == "pars_defect"}
    slipped = {f.level for f in findings if f.topic == "spondylolisthesis" and f.spec is not None}
    pars_spans = [s for f in findings if f.topic == "pars_defect" and f.level in slipped for s in f.spans]
    findings = [f for f in findings if not (f.topic == "pars_defect" and f.level in slipped)]
    out = []
    for f in findings:
        if f.topic == "spondylolisthesis" and f.spec is not None and "no_type" in f.reasons and f.level in pars:
            spec = type(f.spec)(level=f.spec.level, type="isthmic", grade=f.spec.grade)
            reasons = [r for r in f.reasons if r != "no_type"]
            f = Finding("unsure" if reasons else "shown", f.topic, f.level, spec, reasons, f.spans, f.root,
                        f.stated | {"type"})
        if f.topic == "spondylolisthesis" and f.spec is not None and f.spec.type == "isthmic":
            f.spans = f.spans + [s for s in pars_spans if s not in f.spans]
            pars_spans = []
        out.append(f)
    return out


def merged(findings: list[Finding]) -> list[Finding]:
    """One finding per distinct key (spans joined, shown wins over unsure), and a less specific finding merged
    into one at its level that agrees with every field it states."""
    out: list[Finding] = []
    for f in findings:
        same = next((g for g in out if g.key == f.key), None)
        if same is not None:
            same.spans += f.spans
            same.root = same.root or f.root
            if f.status == "shown" and same.status == "unsure":
                same.status, same.reasons, same.stated = "shown", [], f.stated
            continue
        out.append(f)
    result: list[Finding] = []
    for f in out:
        host = next((g for g in out if g is not f and covers(g, f)), None)
        if host is not None:
            host.spans += f.spans
            host.root = host.root or f.root
        else:
            result.append(f)
    for f in result:
        f.spans = sorted(set(f.spans), key=lambda s: s.start)
    return result


def covers(host: Finding, f: Finding) -> bool:
    """`host` says all `f` says and more (same kind and level, every field `f` states equal, more stated)."""
    if host.spec is None or f.spec is None or host.topic != f.topic or host.level != f.level:
        return False
    if not f.stated < host.stated and not (f.stated == host.stated and host.status == "shown" != f.status):
        return False
    hv, fv = host.spec.values(), f.spec.values()
    return all(hv.get(name) == fv.get(name) for name in f.stated if name in fv)
