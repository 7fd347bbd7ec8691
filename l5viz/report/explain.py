"""Plain words for each finding of a report: what it is, which nerve it can reach, what the patient may feel.
No Qt, no VTK.

Every sentence is quoted from the content files: the lesion kinds' own lay texts (annotations/clinical/*.json,
through the kind's `reasons`), the roots' lay summaries and skin areas (clinical/roots.json), and, for what the
model does not draw, report_texts.json's topics. Which nerve a finding reaches is the kind's own rule
(`expected_roots`), the rule the tests check against the roots the geometry compresses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from l5viz.anatomy.ids import exiting_root
from l5viz.pathology.kinds import kind_named
from l5viz.pathology.kinds.stenosis import SCHIZAS_GRADES
from l5viz.report.reader import Finding


@dataclass
class Explanation:
    """A finding in plain words: a short title, paragraphs, the roots it reaches and the sources quoted."""

    title: str
    paragraphs: list[str]
    roots: list[tuple[str, str]] = field(default_factory=list)  # (root, side)
    sources: list[str] = field(default_factory=list)
    label: str = ""  # the title in a few words, for a list: "Disc L4-L5 right"


def reached_roots(finding: Finding, content: dict) -> list[tuple[str, str]]:
    """(root, side) pairs the finding's kind says it reaches, by the kind's rule on its content."""
    if finding.spec is None or finding.topic == "herniation" and finding.spec.type == "bulge":
        return []  # a bulge is not a herniation (Fardon 2014); the model's reaches no root (tests/test_report.py)
    kind = kind_named(finding.topic)
    roots = tuple(kind.expected_roots(finding.spec, content.get(finding.topic)) or ())
    if finding.topic == "herniation" and finding.spec.migration == "cranial":
        # Migrated up behind the body above, it lies where the root of that level leaves, under its pedicle: the
        # model's fragment reaches it (tests/test_report.py measures it).
        roots += (exiting_root(finding.spec.level_id),)
    return [(root, side) for root in dict.fromkeys(roots) for side in kind.sides(finding.spec)]


def explain(finding: Finding, content: dict, texts: dict) -> Explanation:
    """The finding in plain words, from the content (`content`: the clinical files by kind, "roots") and the
    report words (`texts`: report_texts.json)."""
    level = texts["levels"].get(finding.level or "", finding.level or "")
    if finding.spec is None:
        topic = texts["topics"][finding.topic]
        paragraphs = [topic["lay"]] + [texts["reasons"][r] for r in finding.reasons]
        return Explanation(f"{topic['name'].capitalize()}{', ' + level if level else ''}", paragraphs,
                           sources=list(topic["sources"]),
                           label=f"{topic['name'].capitalize()} {finding.level or ''}".strip())
    kind = kind_named(finding.topic)
    side = getattr(finding.spec, "side", None)
    midline = finding.topic == "herniation" and (finding.spec.zone == "central" or finding.spec.type == "bulge")
    side_words = f", {texts['sides'][side]}" if side and not midline else ""
    title = f"{texts['kinds'][finding.topic]}: {level}{side_words}"
    paragraphs, sources = [], []
    what = what_it_is(finding, content.get(finding.topic))
    if what:
        paragraphs.append(what[0])
        sources += what[1]
    roots = reached_roots(finding, content)
    for root, root_side in roots:
        for reason in kind.reasons(finding.spec, root, root_side, content.get(finding.topic)):
            if not any(reason["lay"] in p for p in paragraphs):  # said already (a grade's words, another side)
                paragraphs.append(reason["lay"])
                sources += reason.get("sources", [])
    root_content = content.get("roots") or {}
    for root in dict.fromkeys(r for r, _ in roots):
        entry = root_content.get(root)
        sides = [texts["sides"][s] for r, s in roots if r == root]
        paragraphs.append(texts["explain"]["nerve"].format(root=root, side=" and ".join(sides)))
        if entry:
            paragraphs.append(f"{entry['lay_summary']} "
                              + texts["explain"]["feel"].format(pain=entry["pain_distribution"]["lay"],
                                                                skin=entry["dermatome"]["lay"]))
            sources += entry["dermatome"]["sources"] + entry["pain_distribution"]["sources"]
    if not roots:
        paragraphs.append(texts["explain"]["no_root"])
    if finding.root and finding.root not in {r for r, _ in roots}:
        paragraphs.append(texts["explain"]["named_root"].format(root=finding.root))
    paragraphs += [texts["reasons"][r] for r in finding.reasons]
    label = f"{texts['kinds'][finding.topic]} {finding.level}{side_words.replace(',', '')}"
    return Explanation(title, paragraphs, roots, list(dict.fromkeys(sources)), label)


def what_it_is(finding: Finding, content: dict | None) -> tuple[str, list[str]] | None:
    """The finding's own lay definition from its kind's content: a herniation's type and zone, a stenosis's grade,
    a slip's type, the far-out syndrome."""
    if not content:
        return None
    spec = finding.spec
    if finding.topic == "herniation":
        kind_entry = content["nomenclature"][spec.type]
        zone = content["zones"][spec.zone]
        return f"{kind_entry['lay']} {zone['lay']}", kind_entry["sources"] + zone["sources"]
    if finding.topic == "stenosis":
        if spec.kind == "central":
            grade = content["schizas_grades"][SCHIZAS_GRADES.index(spec.schizas_grade)]
            return grade["lay"], grade["sources"]
        table = content["lee_grades" if spec.kind == "foraminal" else "recess_grades"]
        grades = [table[g] for g in dict.fromkeys((math.floor(spec.grade), math.ceil(spec.grade)))]  # a range: both
        return " ".join(g["lay"] for g in grades), [k for g in grades for k in g["sources"]]
    if finding.topic == "spondylolisthesis":
        entry = content["types"][spec.type]
        return entry["lay"], entry["sources"]
    entry = content["syndrome"]
    return entry["lay"], entry["sources"]


def report_paragraphs(reading, ticked: set[int] | None, content: dict, texts: dict) -> list[str]:
    """The handout's text for a report, short enough for one page: per phrase drawn, its words in the report and
    what it is (both sides of a bilateral finding in one); each nerve reached once (what it does, the skin it
    feels); then the findings only noted, in one line."""
    nerves: dict[str, list[str]] = {}
    groups: dict[tuple, list[tuple[str | None, str]]] = {}
    for finding in reading.drawn(ticked):
        e = explain(finding, content, texts)
        for root, side in e.roots:
            nerves.setdefault(root, []).append(texts["sides"][side])
        side = getattr(finding.spec, "side", None)
        groups.setdefault((finding.spans[0], finding.topic, finding.level), []).append((side, e.paragraphs[0]))
    out = []
    for (span, _, _), meanings in groups.items():
        quoted = f"\u201c{reading.text[span.start:span.end]}\u201d"
        if len({what for _, what in meanings}) == 1:
            out.append(f"{quoted}: {meanings[0][1]}")
        else:
            out.append(f"{quoted}: " + " ".join(f"{texts['sides'][side].capitalize()}: {what}"
                                                 for side, what in meanings))
    roots = content.get("roots") or {}
    for root, sides in nerves.items():
        entry = roots.get(root)
        if entry:
            out.append(texts["explain"]["nerve"].format(root=root, side=" and ".join(dict.fromkeys(sides)))
                       + f" {entry['lay_summary']} {entry['dermatome']['lay']}")
    noted = list(dict.fromkeys(explain(f, content, texts).title for f in reading.findings if f.status == "noted"))
    if noted:
        out.append(f"{texts['panel']['noted_line']} {'; '.join(noted)}.")
    return out
