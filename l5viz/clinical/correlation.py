"""From measured compression to what a clinician would teach: which roots, why, and what to expect.

The geometry decides which roots are compressed (l5viz.pathology); this module only reads that result and
looks up the sourced texts in annotations/clinical/. Nothing here states a clinical fact of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from l5viz.anatomy.ids import ROOT_LEVELS, SIDES
from l5viz.pathology.engine import COMPRESSED_PERCENT, PathologyResult
from l5viz.pathology.kinds import Overlays, kind_of

CONTACT_MM = 0.05  # a root surface moved at all: a lesion touches it (Pfirrmann "contact"; model choice)
DEVIATION_MM = 1.0  # a root moved this far is displaced (Pfirrmann "deviation"; model choice)
COMPROMISE = ("normal", "contact", "deviation", "compression")  # Pfirrmann 2004, grades 0-3
SAC_RED_FLAG_PERCENT = 50.0  # sac squashed by half its depth: show the cauda equina warning (model choice)


def root_intensities(result: PathologyResult) -> dict[tuple[str, str], float]:
    """0-1 per (root, side): the worse of the root and its ganglion, as a fraction of their diameter.

    This is the number that shades the dermatome on the body.
    """
    out = {}
    for root in ROOT_LEVELS:
        for side in SIDES:
            pct = max(result.compression[f"root_{root}_{side}"]["percent"],
                      result.compression[f"drg_{root}_{side}"]["percent"])
            out[(root, side)] = round(min(pct, 100.0) / 100.0, 3)
    return out


def compromise_figures(result: PathologyResult, root: str, side: str) -> dict:
    """Pfirrmann's grade (0-3) and name of a root read from the geometry, with the flattening (mm, % of its own
    diameter) and the displacement (mm) it was read from, the worse of the root and its ganglion: flattened by
    COMPRESSED_PERCENT of its diameter, moved by DEVIATION_MM, touched, or free."""
    ids = (f"root_{root}_{side}", f"drg_{root}_{side}")
    worst = max((result.compression.get(i, {"mm": 0.0, "percent": 0.0}) for i in ids), key=lambda c: c["percent"])
    moved = max(result.displacement.get(i, 0.0) for i in ids)
    grade = 3 if worst["percent"] >= COMPRESSED_PERCENT else 2 if moved >= DEVIATION_MM else 1 if moved > CONTACT_MM \
        else 0
    return {"grade": grade, "name": COMPROMISE[grade], "flattening_mm": worst["mm"],
            "flattening_percent": worst["percent"], "displaced_mm": moved}


def compromise_report(result: PathologyResult) -> dict[str, dict]:
    """Per root (L5_right, ...), its compromise_figures (for report.json)."""
    return {f"{root}_{side}": compromise_figures(result, root, side) for root in ROOT_LEVELS for side in SIDES}


@dataclass
class AffectedRoot:
    root: str
    side: str
    percent: float
    mm: float
    # Each lesion's reason ({"kind", "overlay", "text", "lay", "sources"}), then the root's own entry ("root").
    reasons: list[dict] = field(default_factory=list)


@dataclass
class Correlation:
    affected: list[AffectedRoot]
    red_flags: list[dict]
    sac_percent: float
    compromise: dict[tuple[str, str], int] = field(default_factory=dict)  # (root, side) -> Pfirrmann 0-3
    words: dict | None = None  # annotations/clinical/correlation.json in the language spoken (None: not loaded)

    @property
    def summary(self) -> str:
        """One line naming each compressed root and how much, in the content's words ("" without them)."""
        if self.words is None:
            return ""
        words = self.words["summary"]
        if not self.affected:
            return words["none"]
        parts = [words["root"][a.side].format(root=a.root, percent=f"{a.percent:.0f}") for a in self.affected]
        return words["compressed"].format(roots=words["list_separator"].join(parts))


def correlate(result: PathologyResult, overlays: Overlays, content: dict[str, dict | None]) -> Correlation:
    """Affected roots with the reasons that explain them, and red flags, for the current overlays.

    `content` holds the loaded annotations/clinical files by kind name, and "roots" (any may be None when its
    file was invalid; the reasons from it are then left out). Each lesion kind says why it explains a root.
    """
    herniation_content, roots_content = content.get("herniation"), content.get("roots")
    affected = []
    for (root, side), value in root_intensities(result).items():
        pct = 100.0 * value
        if pct < COMPRESSED_PERCENT:
            continue
        mm = max(result.compression[f"root_{root}_{side}"]["mm"], result.compression[f"drg_{root}_{side}"]["mm"])
        entry = AffectedRoot(root, side, pct, mm)
        for spec in overlays:
            kind = kind_of(spec)
            entry.reasons += kind.reasons(spec, root, side, content.get(kind.name), result.measures)
        if roots_content and root in roots_content:
            entry.reasons.append({"kind": "root", **roots_content[root]})
        affected.append(entry)
    affected.sort(key=lambda a: -a.percent)
    sac = result.compression.get("thecal_sac", {"percent": 0.0})["percent"]
    bilateral = {a.root for a in affected if a.side == "left"} & {a.root for a in affected if a.side == "right"}
    flags = []
    if herniation_content and (sac >= SAC_RED_FLAG_PERCENT or bilateral):
        flags.append(herniation_content["red_flags"]["cauda_equina"])
    compromise = {(root, side): compromise_figures(result, root, side)["grade"] for root in ROOT_LEVELS for side in SIDES}
    return Correlation(affected, flags, sac, compromise, content.get("correlation"))
