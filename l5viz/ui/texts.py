"""HTML for the info and correlation panels, built only from annotations/ content (no clinical text here)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from l5viz.content.structures import StructureInfo
from l5viz.pathology.kinds.spondylolisthesis import MEYERDING_NAMES
from l5viz.translatable import QT_TRANSLATE_NOOP

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


# A side goes with what it qualifies, as a whole text: a translation puts it where its language does, and agrees.
ROOT_ON_SIDE = {"left": QT_TRANSLATE_NOOP("Texts", "left {root}"), "right": QT_TRANSLATE_NOOP("Texts", "right {root}")}
PLACE_ON_SIDE = {"left": QT_TRANSLATE_NOOP("Texts", "{place} left"),  # a foramen or a recess, in a table's row
                 "right": QT_TRANSLATE_NOOP("Texts", "{place} right")}
FORAMEN_FIGURE = {"left": QT_TRANSLATE_NOOP("Texts", "Left {level} foramen: {figure}"),
                  "right": QT_TRANSLATE_NOOP("Texts", "Right {level} foramen: {figure}")}
PROCEDURE_ON_SIDE = {"left": QT_TRANSLATE_NOOP("Texts", "{procedure}: {level} left"),
                     "right": QT_TRANSLATE_NOOP("Texts", "{procedure}: {level} right")}
FAT_DIRECTION_WORDS = {"above": QT_TRANSLATE_NOOP("Texts", "above"), "below": QT_TRANSLATE_NOOP("Texts", "below"),
                       "front": QT_TRANSLATE_NOOP("Texts", "front"), "behind": QT_TRANSLATE_NOOP("Texts", "behind")}


def words(text: str) -> str:
    """A text marked in the "Texts" context, in the reader's language."""
    return QCoreApplication.translate("Texts", text)


def sided(forms: dict[str, str], side: str, **fields) -> str:
    """One of a pair of marked texts (left, right) for `side`, filled in."""
    return words(forms[side]).format(**fields) if side in forms else " ".join((*map(str, fields.values()), side))


def sources_line(keys, sources: dict) -> str:
    """"Sources: Fardon DF, et al. 2014", in the reader's language (HTML)."""
    return escape(QCoreApplication.translate("Texts", "Sources: {sources}")).format(sources=cite(keys, sources))


def structure_html(info: StructureInfo | None, sources: dict, lay: bool = False, part: str | None = None) -> str:
    """A structure's name, term, description and sources; `part`: the bone part a click named, shown first."""
    if info is None:
        return "<p><i>{}</i></p>".format(escape(QCoreApplication.translate(
            "Texts", "Click a structure in the view or in the tree.")))
    name = info.lay_name if lay else info.display_name
    text = info.lay_description if lay else info.description
    parts = [f"<h3>{escape(name)}</h3>"]
    if part:
        parts.append(f"<p><b>{escape(capitalised(part))}</b></p>")
    if not lay:
        parts.append(f"<p><i>{escape(info.ta_term)}</i></p>")
    parts.append(f"<p>{escape(text)}</p>")
    parts.append(f"<p style='color:#767676'><small>{sources_line(info.sources, sources)}</small></p>")
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
        fields = {"root": escape(sided(ROOT_ON_SIDE, side, root=root)), "grade": f"<b>{escape(entry['name'])}</b>",
                  "number": grade}
        if (root, side) in flattened:
            a = flattened[(root, side)]
            line = escape(QCoreApplication.translate(
                "Texts", "{root}: {grade} ({number}), flattened {mm} mm, {percent}% of its own diameter."))
            fields |= {"mm": f"{a.mm:.1f}", "percent": f"{a.percent:.0f}"}
        else:
            line = escape(QCoreApplication.translate("Texts", "{root}: {grade} ({number})."))
        rows.append(f"<li>{line.format(**fields)} {escape(entry['lay'] if lay else entry['text'])}</li>")
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
        red_flag = escape(QCoreApplication.translate("Texts", "Red flag."))
        parts.append(f"<p style='color:#d53f30'><b>{red_flag}</b> {escape(text)} "
                     f"<small>({cite(flag['sources'], sources)})</small></p>")
    for a in correlation.affected:
        parts.append(f"<h4>{escape(capitalised(sided(ROOT_ON_SIDE, a.side, root=a.root)))}: {a.percent:.0f}% "
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
            gone = ", ".join(words(FAT_DIRECTION_WORDS.get(d, d)) for d in lee["fat_gone"]) if lee else ""
            graded = (gone or QCoreApplication.translate("Texts", "none", "no fat gone"), str(lee["lee_read"])) \
                if lee else ("", "")
            upper, lower, side = name.split("_")
            rows[sided(PLACE_ON_SIDE, side, place=f"{upper} {lower}")] = cells + graded if read else cells
        headers = (QCoreApplication.translate("Texts", "height"), QCoreApplication.translate("Texts", "area"),
                   QCoreApplication.translate("Texts", "fat left round the root"))
        if read:
            headers += (QCoreApplication.translate("Texts", "fat gone"),
                        QCoreApplication.translate("Texts", "reads as Lee"))
        parts.append(measured_table(QCoreApplication.translate("Texts", "Foramina"), headers, rows))
        if stenosis:  # what the literature gives to compare with (and what it does not)
            for block in (stenosis["critical_dimensions"]["summary"], stenosis["dimensions_by_grade"]):
                text = block["lay"] if lay else block["text"]
                parts.append(f"<p><small>{escape(text)} ({cite(block['sources'], sources)})</small></p>")
    slips, recesses, central = (measures.get(k) for k in ("slip", "lateral_recess", "central_canal"))
    if slips:
        no_slip = QCoreApplication.translate("Texts", "none", "Meyerding grade")
        headers = (QCoreApplication.translate("Texts", "type"), QCoreApplication.translate("Texts", "forward"),
                   QCoreApplication.translate("Texts", "of the body below"), "Meyerding")
        parts.append(measured_table(QCoreApplication.translate("Texts", "Slip"), headers, {
            level.replace("_", "-"): (QCoreApplication.translate("Choice", v["type"]), f"{v['slip_mm']:.1f} mm",
                                      f"{v['slip_percent']:.0f}%",
                                      MEYERDING_NAMES[v["meyerding"]] if v["meyerding"] else no_slip)
            for level, v in slips.items()}))
    if recesses:
        open_behind = QCoreApplication.translate("Texts", "open behind")
        parts.append(measured_table(QCoreApplication.translate("Texts", "Lateral recess depth"),
                                    (QCoreApplication.translate("Texts", "front to back"),), {
            sided(PLACE_ON_SIDE, key.rsplit("_", 1)[1], place=key.rsplit("_", 1)[0].replace("L4_L5", "L4-5")
                  .replace("L5_S1", "L5-S1")):
                (open_behind if v["depth_mm"] is None else f"{v['depth_mm']:.1f} mm",) for key, v in recesses.items()}))
    if central:
        headers = (QCoreApplication.translate("Texts", "dural sac"),
                   QCoreApplication.translate("Texts", "fat behind it"),
                   QCoreApplication.translate("Texts", "reads as Schizas"))
        parts.append(measured_table(QCoreApplication.translate("Texts", "Central canal"), headers, {
            level.replace("_", "-"): (f"{v['dural_sac_area_mm2']:.0f} mm²", f"{v['posterior_fat_mm']:.1f} mm",
                                      v["schizas_read"]) for level, v in central.items()}))
        if stenosis:
            block = stenosis["central_canal_reading"]
            parts.append(f"<p><small>{escape(block['lay'] if lay else block['text'])} "
                         f"({cite(block['sources'], sources)})</small></p>")
    if canal:
        parts.append(measured_table(QCoreApplication.translate("Texts", "Dural sac at each disc"),
                                    (QCoreApplication.translate("Texts", "area"),
                                     QCoreApplication.translate("Texts", "front to back")), {
            level.replace("_", "-"): (f"{v['dural_sac_area_mm2']:.0f} mm²", f"{v['dural_sac_ap_mm']:.1f} mm")
            for level, v in canal.items()}))
    return "".join(parts)



def measured_table(title: str, headers: tuple[str, ...], rows: dict[str, tuple[str, ...]]) -> str:
    """A small table of figures measured on the model: one row per level or foramen."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(f"<tr><td>{escape(name)}</td>" + "".join(f"<td align='right'>{escape(c)}</td>" for c in cells)
                   + "</tr>" for name, cells in rows.items())
    heading = QCoreApplication.translate("Texts", "{table}, measured on the model").format(table=title)
    return f"<h4>{escape(heading)}</h4><table cellspacing='6'><tr><th></th>{head}</tr>{body}</table>"


def root_html(root: dict, sources: dict, lay: bool) -> str:
    derm = root["dermatome"]
    skin, reflex_label, test_label = (escape(QCoreApplication.translate("Texts", "Skin:")),
                                      escape(QCoreApplication.translate("Texts", "Reflex:")),
                                      escape(QCoreApplication.translate("Texts", "Test:")))
    items = [f"<li><b>{skin}</b> {escape(derm['lay'] if lay else derm['text'])}</li>"]
    for m in root.get("key_muscles", []):
        items.append(f"<li><b>{escape(m['lay'] if lay else m['muscle'])}:</b> {escape(m['expected_weakness'])}</li>")
    reflex = root.get("reflex")
    if reflex:
        items.append(f"<li><b>{reflex_label}</b> {escape(reflex['lay'] if lay else reflex['text'])}</li>")
    for test in root.get("provocative_tests", []):
        items.append(f"<li><b>{test_label}</b> {escape(test['finding'])}</li>")
    return f"<ul>{''.join(items)}</ul><p><small>({cite(derm['sources'], sources)})</small></p>"


OUTCOME_FIGURES = (("height_mm", QT_TRANSLATE_NOOP("Texts", "height"), "mm"),
                   ("area_mm2", QT_TRANSLATE_NOOP("Texts", "area"), "mm²"),
                   ("fat_mm2", QT_TRANSLATE_NOOP("Texts", "fat round the root"), "mm²"))


def outcome_rows(outcome: dict, names: dict[str, str]) -> list[str]:
    """Table rows of a treatment's figures before and after it (ScenarioResult.outcomes)."""
    def figure(value: float | None, unit: str) -> str:  # None: a slip carried the root out of the section
        return QCoreApplication.translate("Texts", "not measured") if value is None else f"{value:g} {unit}"

    def row(label: str, pair: dict, unit: str) -> str:
        return (f"<tr><td>{escape(label)}</td><td align='right'>{figure(pair['before'], unit)}</td>"
                f"<td align='right'><b>{figure(pair['after'], unit)}</b></td></tr>")

    compression = QCoreApplication.translate("Texts", "{structure}: compression")
    rows = [row(compression.format(structure=names.get(sid, sid)), pair, "%")
            for sid, pair in outcome.get("compression_percent", {}).items()]
    for foramen, figures in outcome.get("foramina", {}).items():
        if any(pair["before"] != pair["after"] for pair in figures.values()):
            _, upper, lower, side = foramen.split("_")
            rows += [row(sided(FORAMEN_FIGURE, side, level=f"{upper}-{lower}", figure=words(label)), figures[key], unit)
                     for key, label, unit in OUTCOME_FIGURES]
    rows.append(row(QCoreApplication.translate("Texts", "Dural sac area"), outcome["dural_sac_area_mm2"], "mm²"))
    if "slip_percent" in outcome:
        rows.append(row(QCoreApplication.translate("Texts", "Slip"), outcome["slip_percent"], "%"))
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
        missing = QCoreApplication.translate("Texts", "The treatment content could not be loaded.")
        return f"<p>{escape(missing)}</p>"
    listed = (lambda items: "<ul>" + "".join(f"<li>{cited(item, sources)}</li>" for item in items) + "</ul>")
    parts = []
    for spec in specs:
        entry = content["procedures"][spec.type]
        stages = entry["stages"]
        heading = (sided(PROCEDURE_ON_SIDE, spec.side, procedure=entry["name"], level=spec.level) if spec.side
                   else f"{entry['name']}: {spec.level}")
        parts.append(f"<h3>{escape(heading)}</h3>")
        parts.append(f"<p>{cited(entry['what'], sources)}</p>")
        if stages:
            items = []
            for k, stage in enumerate(stages, start=1):
                words = escape(stage["text"])
                items.append(f"<li><b>{words}</b></li>" if k == spec.done else
                             f"<li>{words}</li>" if k < spec.done else f"<li style='color:#767676'>{words}</li>")
            parts.append(f"<ol>{''.join(items)}</ol>")
        elif spec.weeks is not None:
            since = QCoreApplication.translate("Texts", "<b>{weeks} weeks</b> since the sciatica began.")
            parts.append(f"<p>{since.format(weeks=f'{spec.weeks:g}')}</p>")
        outcome = outcomes.get(f"procedure:{spec.to_text()}")
        if outcome:
            now = (QCoreApplication.translate("Texts", "After") if spec.done == len(stages) else
                   QCoreApplication.translate("Texts", "Now (step {done} of {total})").format(done=spec.done,
                                                                                            total=len(stages)))
            measured, before = (escape(QCoreApplication.translate("Texts", "Measured on the model")),
                                escape(QCoreApplication.translate("Texts", "Before")))
            parts.append(f"<p><b>{measured}</b></p><table cellspacing='6'><tr><th></th><th>{before}</th>"
                         f"<th>{escape(now)}</th></tr>{''.join(outcome_rows(outcome, names))}</table>")
        evidence, risks = (escape(QCoreApplication.translate("Texts", "What the evidence says")),
                           escape(QCoreApplication.translate("Texts", "Risks")))
        parts.append(f"<p><b>{evidence}</b></p>{listed(entry['evidence'])}")
        parts.append(f"<p><b>{risks}</b></p>{listed(entry['risks'])}")
        modelling = QCoreApplication.translate("Texts", "Modelling: {text}").format(text=entry["model"])
        parts.append(f"<p style='color:#767676'><small>{escape(modelling)}</small></p>")
    debate = content["debate"]
    parts.append(f"<h3>{escape(debate['question'])}</h3>{listed(debate['points'] + debate['indications'])}")
    conservative = escape(QCoreApplication.translate("Texts", "Care without an operation"))
    parts.append(f"<p><b>{conservative}</b></p>{listed(content['pathway'])}")
    parts.append(f"<p><i>{escape(debate['notice']['text'])}</i></p>")
    return "".join(parts)
