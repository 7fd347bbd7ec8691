"""Measure the imported Visible Human spine and compare it with published normal ranges.

    python scripts/morphometry.py            # writes docs/morphometry.md
    python scripts/morphometry.py --json     # prints the measured figures as JSON (writes nothing)
    python scripts/morphometry.py --figure sections.png   # also draws the six foraminal sections

Every figure is measured on the committed surfaces in meshes/ (l5viz.anatomy.measure.morphometry and
l5viz.anatomy.foramen); the published ranges come from annotations/morphometry.json. Deterministic: the
same meshes give the same document.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from l5viz.anatomy.measure import BakedScene, morphometry
from l5viz.paths import REPO_ROOT, annotations_dir, meshes_dir

DOC = REPO_ROOT / "docs" / "morphometry.md"
LEVEL_NAMES = {"L3_L4": "L3-L4", "L4_L5": "L4-L5", "L5_S1": "L5-S1"}

# Ranges from ../shared/reference/anatomy-reference.md (sections 1-4), shown beside the checked figures but
# never counted as checked: the reference says they were "written from the literature as remembered" and
# annotations/morphometry.json lists these measures under its gaps. Keyed by (measure, level).
UNCHECKED = {
    ("endplate_width", "L3"): (44, 47), ("endplate_width", "L4"): (46, 49), ("endplate_width", "L5"): (48, 50),
    ("endplate_width", "S1"): (48, 52),
    ("body_depth_upper_endplate", "L3"): (33, 35), ("body_depth_upper_endplate", "L4"): (34, 36),
    ("body_depth_upper_endplate", "L5"): (34, 36), ("body_depth_upper_endplate", "S1"): (32, 35),
    ("body_height_anterior", "L3"): (27, 29), ("body_height_anterior", "L4"): (27, 29),
    ("body_height_anterior", "L5"): (27, 30),
    ("body_height_posterior", "L3"): (27, 29), ("body_height_posterior", "L4"): (25, 27),
    ("body_height_posterior", "L5"): (23, 26),
    ("pedicle_height", "L3"): (14, 16), ("pedicle_height", "L4"): (13, 15), ("pedicle_height", "L5"): (13, 15),
    ("pedicle_width", "L3"): (8, 10), ("pedicle_width", "L4"): (10, 12), ("pedicle_width", "L5"): (13, 18),
    ("interpedicular_distance", "L3"): (21, 24), ("interpedicular_distance", "L4"): (22, 25),
    ("interpedicular_distance", "L5"): (24, 28),
    ("canal_ap_depth", "L3"): (15, 19), ("canal_ap_depth", "L4"): (15, 19), ("canal_ap_depth", "L5"): (15, 20),
    ("disc_height_anterior", "L3_L4"): (11, 12), ("disc_height_anterior", "L4_L5"): (12, 14),
    ("disc_height_anterior", "L5_S1"): (12, 15),
    ("disc_height_posterior", "L3_L4"): (7, 8), ("disc_height_posterior", "L4_L5"): (7, 8),
    ("disc_height_posterior", "L5_S1"): (5, 7),
    ("foraminal_height", "L4_L5"): (19, 22), ("foraminal_height", "L5_S1"): (16, 20),
    ("foraminal_width", "L3_L4"): (6, 8), ("foraminal_width", "L4_L5"): (6, 8), ("foraminal_width", "L5_S1"): (6, 8),
    ("foraminal_upper_width", "L3_L4"): (8, 11), ("foraminal_upper_width", "L4_L5"): (8, 11),
    ("foraminal_upper_width", "L5_S1"): (8, 11),
    ("foraminal_area", "L4_L5"): (100, 140), ("foraminal_area", "L5_S1"): (80, 120),
    ("segmental_lordosis", "L3_L4"): (8, 10), ("segmental_lordosis", "L4_L5"): (10, 14),
    ("segmental_lordosis", "L5_S1"): (14, 20),
    ("lordosis", "L1_S1"): (40, 60), ("sacral_slope", "S1"): (35, 45),
}
REFERENCE_SECTION = {"endplate_width": 1, "body_depth_upper_endplate": 1, "body_height_anterior": 1,
                     "body_height_posterior": 1, "pedicle_height": 1, "pedicle_width": 1,
                     "interpedicular_distance": 1, "canal_ap_depth": 1, "disc_height_anterior": 3,
                     "disc_height_posterior": 3, "foraminal_height": 4, "foraminal_width": 4,
                     "foraminal_upper_width": 4, "foraminal_area": 4, "segmental_lordosis": 2, "lordosis": 2,
                     "sacral_slope": 2}


def level_name(level: str) -> str:
    return LEVEL_NAMES.get(level, level.replace("_", "-"))


def fmt(value: float, unit: str) -> str:
    return f"{value:.1f} {unit}" if unit != "deg" else f"{value:.1f} deg"


def source_text(keys: list[str], sources: dict) -> str:
    out = []
    for k in keys:
        s = sources.get(k, {})
        author = s.get("authors", k).split(",")[0].split(" ")[0]
        out.append(f"{author} {s.get('year', '')}".strip() + f" (`{k}`)")
    return "; ".join(out)


def published_rows(measure_id: str, level: str, value: float, unit: str, data: dict, sources: dict) -> list[list[str]]:
    """Table rows comparing one measured value with every checked figure for it, then the unchecked range."""
    rows = []
    for m in data["measures"]:
        if m["id"] != measure_id or m["level"] != level:
            continue
        pop = m["population"]
        who = f"{pop['method']}, n={pop['n']}"
        if "range" in m:
            lo, hi = m["range"]
            kind = "mean +- 2 SD" if m.get("range_kind") == "mean_pm_2sd" else "range"
            text = f"{lo}-{hi} {unit} ({kind}; {who})"
            within = "yes" if lo <= value <= hi else ("no, below" if value < lo else "no, above")
        else:
            stats, sex = (m["by_sex"]["male"], "male") if "male" in m.get("by_sex", {}) else (m, pop["sex"])
            mean, sd = stats["mean"], stats.get("sd")
            if sd is not None:
                text = f"{mean} +- {sd} {unit} ({sex}; {who})"
                lo, hi = mean - 2 * sd, mean + 2 * sd
                within = ("yes" if lo <= value <= hi else ("no, below" if value < lo else "no, above")) + \
                    f" (mean +- 2 SD = {lo:.1f}-{hi:.1f})"
            else:
                text = f"mean {mean} {unit}, no SD given ({who})"
                within = f"no SD to judge; {value - mean:+.1f} {unit} from the mean"
        rows.append([text, source_text(m["sources"], sources), within])
    if (measure_id, level) in UNCHECKED:
        lo, hi = UNCHECKED[(measure_id, level)]
        sec = REFERENCE_SECTION[measure_id]
        within = "yes" if lo <= value <= hi else ("no, below" if value < lo else "no, above")
        rows.append([f"{lo}-{hi} {unit} (typical range, unchecked)",
                     f"anatomy reference section {sec} (not checked against a source; see gaps)", f"({within})"])
    if not rows:
        rows.append(["none checked", "see gaps", "-"])
    return rows


def table(title: str, unit: str, items: list[tuple[str, str, float]], data: dict, sources: dict,
          measure_id: str, note: str = "") -> list[str]:
    """One table: a row per (level label, level key, value) and published figure."""
    out = [f"### {title}", ""]
    if note:
        out += [note, ""]
    out += ["| level | measured | published | source | within? |", "|---|---|---|---|---|"]
    for label, level, value in items:
        for k, (text, src, within) in enumerate(published_rows(measure_id, level, value, unit, data, sources)):
            first = (label, fmt(value, unit)) if k == 0 else ("", "")
            out.append(f"| {first[0]} | {first[1]} | {text} | {src} | {within} |")
    return out + [""]


def threshold_lines(data: dict, measure: str, values: dict[str, float], sources: dict) -> list[str]:
    out = []
    for t in data.get("thresholds", []):
        if t["measure"] != measure:
            continue
        cut = t["at_or_below"]
        checks = ", ".join(f"{label} {v:.1f} {t['unit']} ({'at or below' if v <= cut else 'above'})"
                           for label, v in values.items())
        out.append(f"- Cut-off, not a normal range: {t['meaning']} ({source_text(t['sources'], sources)}: "
                   f"{measure.replace('_', ' ')} <= {cut} {t['unit']}). Here: {checks}.")
    return out


def both_sides(values: dict) -> str:
    return f"{values['left']:.1f} / {values['right']:.1f}"


def disc_spread(discs: dict, data: dict) -> str:
    """Where the measured disc heights fall among the published means (which differ by method)."""
    parts = []
    for key, measure in (("height_anterior", "disc_height_anterior"), ("height_posterior", "disc_height_posterior")):
        verdicts = []
        for level, d in discs.items():
            means = [m["mean"] for m in data["measures"] if m["id"] == measure and m["level"] == level and "mean" in m]
            if means:
                v = d[key]
                inside = min(means) <= v <= max(means)
                verdicts.append("between" if inside else ("above" if v > max(means) else "below"))
        if verdicts:
            word = verdicts[0] if len(set(verdicts)) == 1 else "mixed: " + ", ".join(verdicts)
            parts.append(f"The measured {key.split('_')[1]} heights lie {word} "
                         f"{'the published means' if word != 'between' else 'the published means at every level'}.")
    return " ".join(parts)


def document(fig: dict, data: dict, sources: dict) -> str:
    V, D, F, A = fig["vertebrae"], fig["discs"], fig["foramina"], fig["angles"]
    mean = lambda d: round(0.5 * (d["left"] + d["right"]), 2)  # noqa: E731
    L = []
    L += ["# Morphometry of the imported spine", "",
          "Dimensions of the Male Visible Human lumbosacral spine as imported into meshes/ (Remus et al. 2021, "
          "ArtiSynth model), measured on its surfaces by `l5viz.anatomy.measure.morphometry` and "
          "`l5viz.anatomy.foramen`, beside the published normal figures in `annotations/morphometry.json`. "
          "Regenerate with `python scripts/morphometry.py`; `tests/test_morphometry.py` holds these numbers.", "",
          "One man's spine: values outside a range are reported, not adjusted.", "",
          "How to read the tables: *within?* compares with the male mean +- 2 SD where the source gives one "
          "(about 95 % of its population), with the published range where it gives a range; a figure with no SD "
          "is shown as a difference only. Ranges from the project's anatomy reference that no source has "
          "confirmed are shown in a last row marked *unchecked*, and their verdict is in brackets. "
          "Sources are keys into `annotations/sources.json`. Left / right are given where a figure is per side; "
          "the bone is mirror-symmetric, so they differ only by the mesh's sampling.", ""]

    L += ["## Vertebral bodies", ""]
    L += table("Upper endplate width", "mm", [(n, n, V[n]["endplate_width"]) for n in V] +
               [("S1", "S1", fig["S1"]["endplate_width"])], data, sources, "endplate_width")
    L += table("Upper endplate depth (AP, midsagittal)", "mm", [(n, n, V[n]["endplate_depth"]) for n in V] +
               [("S1", "S1", fig["S1"]["endplate_depth"])], data, sources, "body_depth_upper_endplate")
    L += table("Anterior body height", "mm", [(n, n, V[n]["height_anterior"]) for n in V], data, sources,
               "body_height_anterior")
    L += table("Posterior body height", "mm", [(n, n, V[n]["height_posterior"]) for n in V], data, sources,
               "body_height_posterior",
               note=f"L5 is wedged, taller in front ({V['L5']['height_anterior']:.1f} against "
                    f"{V['L5']['height_posterior']:.1f} mm), as in cook_2021's Table 6.")

    L += ["## Pedicles and canal", ""]
    L += table("Pedicle height (isthmus), left / right mean", "mm",
               [(f"{n} ({both_sides(V[n]['pedicle_height'])})", n, mean(V[n]["pedicle_height"])) for n in V],
               data, sources, "pedicle_height")
    L += table("Pedicle width (transverse, at the isthmus), left / right mean", "mm",
               [(f"{n} ({both_sides(V[n]['pedicle_width'])})", n, mean(V[n]["pedicle_width"])) for n in V],
               data, sources, "pedicle_width")
    L += table("Interpedicular distance", "mm", [(n, n, V[n]["interpedicular_distance"]) for n in V], data,
               sources, "interpedicular_distance")
    L += table("Canal AP depth (midsagittal)", "mm", [(n, n, V[n]["canal_depth"]) for n in V], data, sources,
               "canal_ap_depth")
    checks = ", ".join(f"{n} {V[n]['pedicle_height_check']['geometry']:.1f}" for n in V)
    isthmus = ", ".join(f"{n} {mean(V[n]['pedicle_height']):.1f}" for n in V)
    diffs = [V[n]["pedicle_height_check"]["geometry"] - mean(V[n]["pedicle_height"]) for n in V]
    heights = [mean(V[n]["pedicle_height"]) for n in V]
    L += [f"### Why the pedicles measure {min(heights):.0f}-{max(heights):.0f} mm", "",
          f"The manifest's geometry gives pedicle heights of {checks} mm (`l5viz.anatomy.fit`: one ray along "
          "the body axis, 5 mm behind the midline posterior wall and 3 mm lateral of the pedicle's medial wall). "
          f"Measured at the isthmus the way Zindrick 1987 defines it (the least craniocaudal height of the bony "
          f"bridge between the body and the articular pillar, in parasagittal sections through the pedicle), "
          f"they are {isthmus} mm. The two methods differ by {min(diffs):+.1f} to {max(diffs):+.1f} mm (at L5 "
          "the ray passes where the pedicle flares into the body), which does not explain the gap to the "
          "13-15 mm published: the pedicles of this model are tall. In its parasagittal sections the superior "
          "vertebral notch is shallow and the inferior notch reaches only a quarter to a third of the way up "
          "the back of the body, so the bony bridge is tall; the bodies are tall too (anterior heights "
          f"{min(V[n]['height_anterior'] for n in V):.0f}-{max(V[n]['height_anterior'] for n in V):.0f} mm "
          "against the reference's 27-30). Whether the shrink-wrapping of the source surfaces "
          "(`*_Schrumpfverpacken.obj`) filled part of the notches or this man's pedicles are tall cannot be told "
          "apart from the meshes alone; the low foraminal heights below (15-17 mm) fit either. The transverse "
          "widths are upper bounds: in this model the pedicle's lateral wall runs without a break into the "
          "flare of the body's posterolateral corner and, at L4 and L5, into the root of the transverse "
          "process, so no axial line across the isthmus ends at a lateral cortex of the pedicle alone.", ""]

    L += ["## Discs", ""]
    L += table("Anterior disc height", "mm", [(level_name(lv), lv, D[lv]["height_anterior"]) for lv in D], data,
               sources, "disc_height_anterior")
    L += table("Posterior disc height", "mm", [(level_name(lv), lv, D[lv]["height_posterior"]) for lv in D], data,
               sources, "disc_height_posterior")
    L += threshold_lines(data, "disc_height_posterior",
                         {level_name(lv): D[lv]["height_posterior"] for lv in D}, sources) + [""]

    L += ["## Intervertebral foramina", "",
          "Measured in the foramen's own section (see the method notes): the parasagittal plane of the upper "
          "vertebra through the foramen's centre, over the upper pedicle's centre, where the bony-discal "
          "outline is closed all round. Left / right.", ""]
    rows = ["| level | height (mm) | width at the disc mid-plane (mm) | upper width (mm) | area (mm^2) |",
            "|---|---|---|---|---|"]
    for lv, sides in F.items():
        rows.append(f"| {level_name(lv)} | {sides['left']['height']:.1f} / {sides['right']['height']:.1f} | "
                    f"{sides['left']['width']:.1f} / {sides['right']['width']:.1f} | "
                    f"{sides['left']['upper_width']:.1f} / {sides['right']['upper_width']:.1f} | "
                    f"{sides['left']['area']:.0f} / {sides['right']['area']:.0f} |")
    L += rows + [""]
    for key, measure_id, title, unit in (("height", "foraminal_height", "Foraminal height", "mm"),
                                         ("width", "foraminal_width", "Foraminal width (narrow, at the disc)", "mm"),
                                         ("upper_width", "foraminal_upper_width", "Foraminal upper width", "mm"),
                                         ("area", "foraminal_area", "Foraminal area", "mm^2")):
        L += table(f"{title}, left / right mean", unit,
                   [(level_name(lv), lv, mean({s: F[lv][s][key] for s in ("left", "right")})) for lv in F],
                   data, sources, measure_id)
    L += threshold_lines(data, "foraminal_height",
                         {f"{level_name(lv)} {s}": F[lv][s]["height"] for lv in F for s in ("left", "right")},
                         sources)
    area = {lv: mean({s: F[lv][s]["area"] for s in ("left", "right")}) for lv in F}
    bigger = area["L5_S1"] > area["L4_L5"]
    L += [f"- L5-S1 against L4-L5: the L5-S1 foramina are {'larger' if bigger else 'smaller'} in area here "
          f"({area['L5_S1']:.0f} against {area['L4_L5']:.0f} mm^2); the anatomy reference "
          "(section 4) says L5-S1 is normally the smaller. This man's L5-S1 disc is tall at the back "
          f"({D['L5_S1']['height_posterior']:.1f} mm) and his L5 pedicle broad, which opens that foramen.",
          "- The anatomy reference (section 4) gives heights of ~19-22 mm at L4-L5 and ~16-20 mm at L5-S1 "
          "(citing Hasegawa 1995 and Cinotti 2002), upper widths ~8-11 and narrowest widths ~6-8 mm, and areas "
          "of roughly 100-140 and 80-120 mm^2, and asks that they be verified before one value is cited; "
          "morphometry.json found no checkable normal values (see gaps), only Hasegawa's 15 mm cut-off.", ""]
    alt = ["| level | side | height (mm) | width (mm) | area (mm^2) | outline |", "|---|---|---|---|---|---|"]
    for lv, sides in F.items():
        for s in ("left", "right"):
            r = sides[s]["root_plane"]
            alt.append(f"| {level_name(lv)} | {s} | {r['height']:.1f} | {r['width']:.1f} | {r['area']:.0f} | "
                       f"{'open: leaks out of the foramen' if r['open'] else 'closed'} |")
    L += ["### The other plane considered: normal to the exiting root", "",
          "Through the same centre but perpendicular to the exiting root's modelled course (L3, L4, L5 at "
          "L3-L4, L4-L5, L5-S1). It is 10-20 degrees off the plane above; at L4-L5 it cuts medially below the "
          "pedicle into the lateral recess and the outline is no longer closed, and it follows the project's "
          "own root model rather than the bone, so it is shown for comparison only.", ""] + alt + [""]

    L += ["## Sagittal alignment", ""]
    seg = A["segmental_lordosis"]
    L += table("Segmental lordosis (upper endplate of the vertebra above to that of the one below)", "deg",
               [(level_name(lv), lv, seg[lv]) for lv in seg], data, sources, "segmental_lordosis")
    L += table("Lumbar lordosis L1-S1 (Cobb, L1 upper endplate to S1 upper endplate)", "deg",
               [("L1-S1", "L1_S1", A["lordosis_L1_S1"])], data, sources, "lordosis")
    L += table("Sacral slope (S1 upper endplate to the horizontal)", "deg", [("S1", "S1", A["sacral_slope"])], data,
               sources, "sacral_slope",
               note="Horizontal here is the model's axial plane (perpendicular to +z, the source model's superior "
                    "axis, which the import keeps as +z). The data README does not record the specimen's posture "
                    "or whether the source model was re-oriented; the Visible Human Male is a cadaver, not a "
                    "standing subject, while the published figures are from standing radiographs, in which the "
                    "spine carries load and the pelvis sets the slope. So this compares the shape of one "
                    "cadaver's lumbosacral junction in the model's frame, not a standing posture.")
    L += ["Endplate tilts (degrees above the model's horizontal, rising anteriorly; PS to AS corner line): " +
          ", ".join(f"{n} {t:.1f}" for n, t in A["endplate_tilt"].items()) + ".", ""]

    L += ["## Method notes", "",
          "- Frames: each vertebra's body frame from the manifest geometry (local z = the body axis); the S1 "
          "frame is the L5-S1 disc's mid-plane frame moved down onto the endplate. Frames and seed points only; "
          "every figure is read off sections of the surfaces (solid fills on a 0.25 mm grid).",
          "- Body corners: in the midsagittal section, the outline point furthest along the 45-degree diagonal "
          "between the endplate (its fitted line) and the wall, the apex of each rounded rim, as a reader clicks "
          "a corner on sagittal CT.",
          "- Body heights: anterior = anterosuperior to anteroinferior corner, posterior = posterosuperior to "
          "posteroinferior corner (cook_2021's VBAH, VBPH).",
          "- Upper endplate depth: anterosuperior to posterosuperior corner (cook_2021's VBSL).",
          "- Upper endplate width: coronal section through the endplate's AP midpoint; the run across the "
          "midline whose top stays within 2 mm of the endplate's level (at S1 this stops where the ala falls "
          "away; the raised lateral lips of the S1 endplate are inside it).",
          "- Pedicle height: least craniocaudal run of the bony bridge between body and articular pillar over "
          "1-10 mm behind the posterior wall, in parasagittal sections across the pedicle's middle 4 mm "
          "(median of 9) (Zindrick 1987's isthmus height).",
          "- Pedicle width: least transverse bone run through the pedicle's centre in the axial section at the "
          "isthmus mid-height, within 2 mm (AP) of the isthmus; not corrected for convergence.",
          "- Interpedicular distance: in that axial section, the canal's transverse free width across the "
          "midline, greatest over 1-10 mm behind the posterior wall, i.e. medial pedicle wall to medial pedicle "
          "wall (in front the canal narrows into the body's posterolateral corners, behind toward the laminae).",
          "- Canal AP depth: least midsagittal gap between the back of the body and the front of the posterior "
          "arch over the body's height.",
          "- Disc heights: corner to corner, the upper vertebra's anteroinferior (posteroinferior) to the lower "
          "bone's anterosuperior (posterosuperior) corner, as on a sagittal image; corners on rounded rims make "
          "these 1-3 mm larger than the bone-to-bone gap 3 mm inside the margins that the manifest geometry "
          "records.",
          "- Foramen: `l5viz.anatomy.foramen.foramen_figures` on the upper vertebra, the lower vertebra or "
          "sacrum, the disc and the facet joint's cartilage (which bridges the joint line, as a foramen is "
          "traced on CT), cut by `foramen_plane` (parasagittal plane of the upper vertebra through the "
          "foramen's centre landmark, over the upper pedicle's centre); walls filled solid, openings under 4 mm "
          "closed, flood-filled from the landmark.",
          "- Foraminal height: largest extent along the upper body's axis (pedicle to pedicle or ala, as "
          "Hasegawa 1995 measured foraminal height).",
          "- Foraminal width: AP width along the line where the disc's mid-plane crosses the section (back of "
          "the disc to the superior articular process): the narrow, lower width of the reference's section 4. "
          "Upper width: the widest AP run of the region.",
          "- Foraminal area: free pixels x pixel area (0.25 mm pixels; centre-sampled, so no bias at the walls).",
          "- Angles: endplate lines through the midsagittal corners (PS to AS); lordosis = difference of tilts "
          "(Cobb); segmental = upper endplate of the vertebra above to upper endplate of the one below (disc "
          "wedge plus the upper body's wedge, as the reference's section 2 defines it).", ""]

    disagree = [m for m in data["measures"] if m.get("disagreement")]
    L += ["## Where sources disagree", ""]
    seen = set()
    for m in disagree:  # each disagreement is recorded on both entries; list it once per measure and level
        key = (m["id"], m["level"])
        if key in seen:
            continue
        seen.add(key)
        L.append(f"- {m['id'].replace('_', ' ')} at {level_name(m['level'])} "
                 f"({source_text(m['sources'], sources)}): {m['disagreement']}")
    L += ["- Disc heights: radiographs (agichani_discs, magnification not stated) read 3-6 mm more than MRI "
          "(onishi_2019) and cadaver callipers. " + disc_spread(D, data), ""]

    L += ["## Gaps (from annotations/morphometry.json)", ""]
    L += [f"- {g}" for g in data["gaps"]] + [""]

    L += ["<details><summary>Measured figures (JSON, read by tests/test_morphometry.py)</summary>", "",
          "```json", json.dumps(fig, indent=1, sort_keys=True), "```", "", "</details>", ""]
    return "\n".join(L)


def draw_sections(scene: BakedScene, path: Path) -> None:
    """The six foraminal sections (walls grey, the measured region dark, its outline red) as one PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from l5viz.anatomy import foramen as fm
    from l5viz.anatomy.measure import foramen_walls

    geo = scene.geometry
    fig, axes = plt.subplots(2, 3, figsize=(15, 11))
    for col, level in enumerate(("L3_L4", "L4_L5", "L5_S1")):
        for row, side in enumerate(("left", "right")):
            walls = foramen_walls(scene, level, side)
            origin, axs = fm.foramen_plane(geo, scene.manifest, level, side)
            section = fm.foramen_section(walls, origin, axs, origin)
            f = fm.foramen_figures(walls, origin, axs, origin, disc_plane=fm.disc_mid_plane(geo, level))
            ax = axes[row, col]
            ax.imshow(section["wall"] * 1.0 + section["region"] * 2.0, origin="lower", extent=section["extent"],
                      cmap="Greys", vmin=0, vmax=3)
            ax.plot(*section["outline"].T, "r-", lw=1)
            ax.set_title(f"{level_name(level)} {side}: h {f['height_mm']:.1f}, w {f['width_mm']:.1f}, "
                         f"A {f['area_mm2']:.0f} mm^2", fontsize=10)
            ax.set_xlabel("anterior (mm)")
            ax.set_ylabel("along the upper body's axis (mm)")
    fig.tight_layout()
    fig.savefig(path, dpi=80)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print the measured figures as JSON; write nothing")
    parser.add_argument("--figure", type=Path, help="also draw the six foraminal sections into this PNG")
    parser.add_argument("--out", type=Path, default=DOC, help="where to write the document")
    args = parser.parse_args(argv)
    scene = BakedScene.load(meshes_dir())
    figures = morphometry(scene)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        data = json.loads((annotations_dir() / "morphometry.json").read_text())
        sources = json.loads((annotations_dir() / "sources.json").read_text())["sources"]
        args.out.write_text(document(figures, data, sources))
        print(f"wrote {args.out}")
    if args.figure:
        draw_sections(scene, args.figure)
        print(f"wrote {args.figure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
