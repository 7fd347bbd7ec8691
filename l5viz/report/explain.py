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
from l5viz.pathology.kinds.herniation import Herniation
from l5viz.pathology.kinds.spondylolisthesis import Spondylolisthesis
from l5viz.pathology.kinds.stenosis import SCHIZAS_GRADES, Stenosis
from l5viz.report.reader import Finding


@dataclass
class Explanation:
    """A finding in plain words: a short title, paragraphs, the roots it reaches and the sources quoted."""

    title: str
    paragraphs: list[str]
    roots: list[tuple[str, str]] = field(default_factory=list)  # (root, side)
    sources: list[str] = field(default_factory=list)
    label: str = ""  # the title in a few words, for a list: "Disc L4-L5 right"


def midline(finding: Finding) -> bool:
    """A central herniation or a bulge: its side is only the model's, not the report's."""
    return finding.topic == "herniation" and (finding.spec.zone == "central" or finding.spec.type == "bulge")


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
    side_words = f", {texts['sides'][side]}" if side and not midline(finding) else ""
    title = f"{texts['kinds'][finding.topic]}: {level}{side_words}"
    paragraphs, sources = [], []
    what = what_it_is(finding, content.get(finding.topic), texts)
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
        joined = texts["explain"]["sides_joiner"].join(sides)
        paragraphs.append(texts["explain"]["nerve"].format(root=root, side=joined))
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
    label = (f"{texts['kinds'][finding.topic]} {finding.level}{side_words.replace(',', '')}: "
             f"{detail(finding.spec, texts)}")
    return Explanation(title, paragraphs, roots, list(dict.fromkeys(sources)), label)


def detail(spec, texts: dict) -> str:
    """A finding's grade or type in the terms a clinician reads ("Lee 2", "extrusion, migrated down")."""
    words = texts["details"]
    if isinstance(spec, Herniation):
        return words["herniation"].format(type=words["types"][spec.type],
                                          migration=words["migration"].get(spec.migration, ""))
    if isinstance(spec, Stenosis):
        return words[spec.kind].format(grade=f"{spec.grade:g}" if spec.grade is not None else "",
                                       letter=spec.schizas_grade)
    if isinstance(spec, Spondylolisthesis):
        return words["spondylolisthesis"].format(type=words["types"][spec.type], grade=f"{spec.grade:g}")
    return words["far_out"].format(severity=f"{spec.severity:g}")


def view_for(drawn: list[Finding], content: dict) -> str:
    """The view to open on a report's findings: the first that reaches a nerve, as its kind is best seen."""
    if not drawn:
        return "reset"
    first = next((f for f in drawn if reached_roots(f, content)), drawn[0])
    return kind_named(first.topic).best_view(first.spec)


def what_it_is(finding: Finding, content: dict | None, texts: dict) -> tuple[str, list[str]] | None:
    """The finding's own lay definition from its kind's content: a herniation's type and zone, a stenosis's grade,
    a slip's type, the far-out syndrome."""
    if not content:
        return None
    spec = finding.spec
    if finding.topic == "herniation":
        kind_entry = content["nomenclature"][spec.type]
        if spec.type == "bulge":  # all round the disc: no one place
            return kind_entry["lay"], kind_entry["sources"]
        zone = content["zones"][finding.described.get("zone", spec.zone)]
        place = zone["lay"][0].lower() + zone["lay"][1:]
        words = [kind_entry["lay"], texts["explain"]["where"].format(place=place)]
        if spec.migration != "none":
            words.append(texts["explain"]["migrated"][spec.migration])
        return " ".join(words), kind_entry["sources"] + zone["sources"]
    if finding.topic == "stenosis":
        if spec.kind == "central":
            grades = [content["schizas_grades"][SCHIZAS_GRADES.index(spec.schizas_grade)]]
        else:  # a range ("mild to moderate"): both grades' words
            table = content["lee_grades" if spec.kind == "foraminal" else "recess_grades"]
            grades = [table[g] for g in dict.fromkeys((math.floor(spec.grade), math.ceil(spec.grade)))]
        meaning = " ".join(g["lay"] for g in grades)  # what the grade means, not what this patient's nerve shows
        return texts["explain"]["grade_meaning"].format(meaning=meaning), [k for g in grades for k in g["sources"]]
    if finding.topic == "spondylolisthesis":
        entry = content["types"][spec.type]
        return entry["lay"], entry["sources"]
    entry = content["syndrome"]
    return entry["lay"], entry["sources"]


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def picture_caption(view: str, body: bool, texts: dict) -> str:
    """How to read a handout's pictures: that it is a model, which side is the patient's right (report_texts)."""
    captions = texts["handout"]["captions"]
    spine = captions[next((k for k in ("axial", "sagittal") if view.startswith(k)), "other")]
    return f"{spine} {captions['body']}" if body else spine


def report_paragraphs(reading, ticked: set[int] | None, content: dict, texts: dict) -> list[str]:
    """The handout's text for a report, short enough for the handout: per phrase drawn, its title, its words in the
    report, what it is and the nerve beside it (both sides of a bilateral finding in one); what each of those
    nerves does, once; the findings not drawn because the report is unsure; those only noted, with their
    meaning."""
    nerves: dict[str, None] = {}
    groups: dict[tuple, list[tuple[Finding, Explanation]]] = {}  # one phrase's findings (a bilateral one's sides)
    drawn = reading.drawn(ticked)
    for finding in drawn:
        e = explain(finding, content, texts)
        nerves.update(dict.fromkeys(root for root, _ in e.roots))
        groups.setdefault((finding.spans[0], finding.topic, finding.level), []).append((finding, e))
    out, level_said = [], None
    for (span, topic, level), members in groups.items():
        if level != level_said:  # the level once, then its findings
            out.append(f"{capitalised(texts['levels'].get(level, level))}:")
            level_said = level
        sides = [side for f, _ in members if (side := getattr(f.spec, "side", None)) and not midline(f)]
        side_words = texts["explain"]["sides_joiner"].join(texts["sides"][side] for side in dict.fromkeys(sides))
        kind = f"{texts['kinds'][topic]}{', ' + side_words if side_words else ''}"
        parts = [f"\u201c{capitalised(reading.text[span.start:span.end])}\u201d ({kind.lower()}):"]
        explanations = [e for _, e in members]
        meanings = list(dict.fromkeys(e.paragraphs[0] for e in explanations))
        parts += meanings if len(meanings) == 1 else [
            f"{capitalised(texts['sides'][f.spec.side])}: {e.paragraphs[0]}" for f, e in members]
        roots = list(dict.fromkeys(r for e in explanations for r in e.roots))
        for root in dict.fromkeys(r for r, _ in roots):
            sides_of = texts["explain"]["sides_joiner"].join(texts["sides"][s] for r, s in roots if r == root)
            parts.append(texts["explain"]["nerve_short"].format(root=root, side=sides_of))
        out.append(" ".join(parts))
    herniated = [f for f in drawn if f.topic == "herniation" and f.spec.type != "bulge"]
    if herniated and content.get("herniation"):  # what most herniations do in time (Chiu 2015, Peul 2007)
        out.append(content["herniation"]["natural_history"]["summary"]["lay"])
    roots_content = content.get("roots") or {}
    for root in nerves:
        entry = roots_content.get(root)
        if entry:
            out.append(f"{entry['lay_summary']} {entry['dermatome']['lay']}")
    left_out = [f for i, f in enumerate(reading.findings) if f.spec is not None and f not in drawn]
    if left_out:
        quoted = "; ".join(dict.fromkeys(f"\u201c{reading.text[f.spans[0].start:f.spans[0].end]}\u201d"
                                         for f in left_out))
        out.append(f"{texts['handout']['unsure']} {quoted}.")
    noted = [f for f in reading.findings if f.status == "noted"]
    if noted:
        meanings = dict.fromkeys(f"{e.label}: {e.paragraphs[0]}" for e in (explain(f, content, texts) for f in noted))
        out.append(f"{texts['handout']['noted']} " + " ".join(meanings))
    return out
