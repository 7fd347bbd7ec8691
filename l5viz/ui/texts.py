"""HTML for the info and correlation panels, built only from annotations/ content (no clinical text here)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from l5viz.content.structures import StructureInfo
from l5viz.pathology.kinds.spondylolisthesis import MEYERDING_NAMES

if TYPE_CHECKING:
    from l5viz.clinical.correlation import Correlation


def cite(keys, sources: dict) -> str:
    """Short citations ("Fardon DF, et al. 2014") for source keys; unknown keys are shown as they are."""
    out = []
    for key in keys:
        entry = sources.get(key)
        if entry:
            first = str(entry.get("authors", key)).split(",")[0]
            out.append(f"{escape(first)} {entry.get('year', '')}".strip())
        else:
            out.append(escape(key))
    return "; ".join(out)


def capitalised(text: str) -> str:
    """The first letter in upper case, the rest as written ("left L5 pedicle" -> "Left L5 pedicle")."""
    return text[:1].upper() + text[1:]


def structure_html(info: StructureInfo | None, sources: dict, lay: bool = False, part: str | None = None) -> str:
    """A structure's name, term, description and sources; `part`: the bone part a click named, shown first."""
    if info is None:
        return "<p><i>Click a structure in the view or in the tree.</i></p>"
    name = info.lay_name if lay else info.display_name
    text = info.lay_description if lay else info.description
    parts = [f"<h3>{escape(name)}</h3>"]
    if part:
        parts.append(f"<p><b>{escape(capitalised(part))}</b></p>")
    if not lay:
        parts.append(f"<p><i>{escape(info.ta_term)}</i></p>")
    parts.append(f"<p>{escape(text)}</p>")
    parts.append(f"<p style='color:#777'><small>Sources: {cite(info.sources, sources)}</small></p>")
    return "".join(parts)


def compromise_html(correlation: Correlation, grading: dict | None, sources: dict, lay: bool = False) -> str:
    """Each root a lesion reaches, graded as radiologists grade root compromise (Pfirrmann 2004), with how the
    model reads the grade from its geometry (annotations/clinical/herniation.json "root_compromise")."""
    reached = sorted(((root, side), grade) for (root, side), grade in correlation.compromise.items() if grade)
    if not grading or not reached:
        return ""
    flattened = {(a.root, a.side): a for a in correlation.affected}
    rows = []
    for (root, side), grade in reached:
        entry = grading["grades"][grade]
        detail = ""
        if (root, side) in flattened:
            a = flattened[(root, side)]
            detail = f", flattened {a.mm:.1f} mm, {a.percent:.0f}% of its own diameter"
        rows.append(f"<li>{escape(side)} {escape(root)}: <b>{escape(entry['name'])}</b> ({grade}){detail}. "
                    f"{escape(entry['lay'] if lay else entry['text'])}</li>")
    note = "" if lay else f"<p><small>{escape(grading['model']['text'])}</small></p>"
    return (f"<h4>{escape(grading['title'])}</h4><ul>{''.join(rows)}</ul>{note}"
            f"<p><small>({cite(grading['sources'], sources)})</small></p>")


def correlation_html(correlation: Correlation | None, sources: dict, foramina: dict | None = None,
                     lay: bool = False, stenosis: dict | None = None, grading: dict | None = None,
                     canal: dict | None = None, measures: dict | None = None) -> str:
    """The clinical correlation box: affected roots and why, root compromise, weakness, reflexes, tests,
    red flags; then what the model measures (foramina, a slip, a recess, a central canal, the sac)."""
    if correlation is None:
        return ""
    parts = [f"<p><b>{escape(correlation.summary)}</b></p>", compromise_html(correlation, grading, sources, lay)]
    for flag in correlation.red_flags:
        text = flag["lay"] if lay else flag["text"]
        parts.append(f"<p style='color:#c0392b'><b>Red flag.</b> {escape(text)} "
                     f"<small>({cite(flag['sources'], sources)})</small></p>")
    for a in correlation.affected:
        parts.append(f"<h4>{escape(a.side.capitalize())} {escape(a.root)}: {a.percent:.0f}% "
                     f"({a.mm:.1f} mm)</h4>")
        for reason in a.reasons:
            if reason["kind"] == "root":
                parts.append(root_html(reason, sources, lay))
            else:  # a lesion's own reason, quoted from its kind's content
                text = reason["lay"] if lay else reason["text"]
                parts.append(f"<p>{escape(text)} <small>({cite(reason['sources'], sources)})</small></p>")
    measures = measures or {}
    if foramina:
        read = measures.get("foraminal", {})  # the Lee grade the model reads off a stenotic foramen
        rows = {}
        for key, v in foramina.items():
            name = key.removeprefix("foramen_")
            lee = read.get(name)
            cells = (f"{v['height_mm']:.1f} mm", f"{v['area_mm2']:.0f} mm²",
                     "-" if v.get("fat_remaining_percent") is None else f"{v['fat_remaining_percent']:.0f}%")
            graded = (", ".join(lee["fat_gone"]) or "none", str(lee["lee_read"])) if lee else ("", "")
            rows[name.replace("_", " ")] = cells + graded if read else cells
        headers = ("height", "area", "fat left round the root") + (("fat gone", "reads as Lee") if read else ())
        parts.append(measured_table("Foramina", headers, rows))
        if stenosis:  # what the literature gives to compare with (and what it does not)
            for block in (stenosis["critical_dimensions"]["summary"], stenosis["dimensions_by_grade"]):
                text = block["lay"] if lay else block["text"]
                parts.append(f"<p><small>{escape(text)} ({cite(block['sources'], sources)})</small></p>")
    slips, recesses, central = (measures.get(k) for k in ("slip", "lateral_recess", "central_canal"))
    if slips:
        parts.append(measured_table("Slip", ("type", "forward", "of the body below", "Meyerding"), {
            level.replace("_", "-"): (v["type"], f"{v['slip_mm']:.1f} mm", f"{v['slip_percent']:.0f}%",
                                      MEYERDING_NAMES[v["meyerding"]]) for level, v in slips.items()}))
    if recesses:
        parts.append(measured_table("Lateral recess depth", ("front to back",), {
            key.replace("_", " ").replace("L4 L5", "L4-5").replace("L5 S1", "L5-S1"):
                ("open behind" if v["depth_mm"] is None else f"{v['depth_mm']:.1f} mm",) for key, v in recesses.items()}))
    if central:
        parts.append(measured_table("Central canal", ("dural sac", "fat behind it", "reads as Schizas"), {
            level.replace("_", "-"): (f"{v['dural_sac_area_mm2']:.0f} mm²", f"{v['posterior_fat_mm']:.1f} mm",
                                      v["schizas_read"]) for level, v in central.items()}))
        if stenosis:
            block = stenosis["central_canal_reading"]
            parts.append(f"<p><small>{escape(block['lay'] if lay else block['text'])} "
                         f"({cite(block['sources'], sources)})</small></p>")
    if canal:
        parts.append(measured_table("Dural sac at each disc", ("area", "front to back"), {
            level.replace("_", "-"): (f"{v['dural_sac_area_mm2']:.0f} mm²", f"{v['dural_sac_ap_mm']:.1f} mm")
            for level, v in canal.items()}))
    return "".join(parts)



def measured_table(title: str, headers: tuple[str, ...], rows: dict[str, tuple[str, ...]]) -> str:
    """A small table of figures measured on the model: one row per level or foramen."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(f"<tr><td>{escape(name)}</td>" + "".join(f"<td align='right'>{escape(c)}</td>" for c in cells)
                   + "</tr>" for name, cells in rows.items())
    return (f"<h4>{escape(title)}, measured on the model</h4><table cellspacing='6'><tr><th></th>{head}</tr>"
            f"{body}</table>")


def root_html(root: dict, sources: dict, lay: bool) -> str:
    derm = root["dermatome"]
    items = [f"<li><b>Skin:</b> {escape(derm['lay'] if lay else derm['text'])}</li>"]
    for m in root.get("key_muscles", []):
        items.append(f"<li><b>{escape(m['lay'] if lay else m['muscle'])}:</b> {escape(m['expected_weakness'])}</li>")
    reflex = root.get("reflex")
    if reflex:
        items.append(f"<li><b>Reflex:</b> {escape(reflex['lay'] if lay else reflex['text'])}</li>")
    for test in root.get("provocative_tests", []):
        items.append(f"<li><b>Test:</b> {escape(test['finding'])}</li>")
    return f"<ul>{''.join(items)}</ul><p><small>({cite(derm['sources'], sources)})</small></p>"


OUTCOME_FIGURES = (("height_mm", "height", "mm"), ("area_mm2", "area", "mm²"),
                   ("fat_mm2", "fat round the root", "mm²"))


def outcome_rows(outcome: dict, names: dict[str, str]) -> list[str]:
    """Table rows of a treatment's figures before and after it (ScenarioResult.outcomes)."""
    def figure(value: float | None, unit: str) -> str:
        return "not measured" if value is None else f"{value:g} {unit}"  # (a slip carried the root out of the section)

    def row(label: str, pair: dict, unit: str) -> str:
        return (f"<tr><td>{escape(label)}</td><td align='right'>{figure(pair['before'], unit)}</td>"
                f"<td align='right'><b>{figure(pair['after'], unit)}</b></td></tr>")

    rows = [row(f"{names.get(sid, sid)}: compression", pair, "%")
            for sid, pair in outcome.get("compression_percent", {}).items()]
    for foramen, figures in outcome.get("foramina", {}).items():
        if any(pair["before"] != pair["after"] for pair in figures.values()):
            _, upper, lower, side = foramen.split("_")
            rows += [row(f"{side.capitalize()} {upper}-{lower} foramen: {label}", figures[key], unit)
                     for key, label, unit in OUTCOME_FIGURES]
    rows.append(row("Dural sac area", outcome["dural_sac_area_mm2"], "mm²"))
    if "slip_percent" in outcome:
        rows.append(row("Slip", outcome["slip_percent"], "%"))
    return rows


def cited(item: dict, sources: dict) -> str:
    """A sourced statement's words and its short citation."""
    return f"{escape(item['text'])} <small>({cite(item['sources'], sources)})</small>"


def treatment_html(specs: list, outcomes: dict[str, dict], content: dict | None, sources: dict,
                   names: dict[str, str]) -> str:
    """Each procedure in the scene: what it does, its steps (the one shown in bold), its figures measured before
    and after it, the evidence and the risks; then the debate and the conservative pathway. Without a
    procedure, the options and the debate alone. (The bedside says it in plain words: BedsidePanel.)"""
    if not content:
        return "<p>The treatment content could not be loaded.</p>"
    listed = (lambda items: "<ul>" + "".join(f"<li>{cited(item, sources)}</li>" for item in items) + "</ul>")
    parts = []
    for spec in specs:
        entry = content["procedures"][spec.type]
        stages = entry["stages"]
        parts.append(f"<h3>{escape(entry['name'])}: {escape(spec.level)}"
                     f"{' ' + escape(spec.side) if spec.side else ''}</h3>")
        parts.append(f"<p>{cited(entry['what'], sources)}</p>")
        if stages:
            items = []
            for k, stage in enumerate(stages, start=1):
                words = escape(stage["text"])
                items.append(f"<li><b>{words}</b></li>" if k == spec.done else
                             f"<li>{words}</li>" if k < spec.done else f"<li style='color:#888'>{words}</li>")
            parts.append(f"<ol>{''.join(items)}</ol>")
        elif spec.weeks is not None:
            parts.append(f"<p><b>{spec.weeks:g} weeks</b> since the sciatica began.</p>")
        outcome = outcomes.get(f"procedure:{spec.to_text()}")
        if outcome:
            now = "After" if spec.done == len(stages) else f"Now (step {spec.done} of {len(stages)})"
            parts.append("<p><b>Measured on the model</b></p><table cellspacing='6'><tr><th></th><th>Before</th>"
                         f"<th>{now}</th></tr>{''.join(outcome_rows(outcome, names))}</table>")
        parts.append(f"<p><b>What the evidence says</b></p>{listed(entry['evidence'])}")
        parts.append(f"<p><b>Risks</b></p>{listed(entry['risks'])}")
        parts.append(f"<p style='color:#777'><small>Modelling: {escape(entry['model'])}</small></p>")
    debate = content["debate"]
    parts.append(f"<h3>{escape(debate['question'])}</h3>{listed(debate['points'] + debate['indications'])}")
    parts.append(f"<p><b>Care without an operation</b></p>{listed(content['pathway'])}")
    parts.append(f"<p><i>{escape(debate['notice']['text'])}</i></p>")
    return "".join(parts)
