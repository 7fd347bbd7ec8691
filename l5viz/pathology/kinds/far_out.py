"""Far-out syndrome (Wiltse 1984): the L5 spinal nerve caught outside the foramen, between the L5 transverse
process and the sacral ala, in the lumbosacral tunnel.

Nathan 1982 names what narrows the tunnel: osteophytes on the inferior border of L5, or a tight lumbosacral
ligament, press the L5 nerve against the ala. The model grows such an osteophyte from the lower border of L5
over the front of the nerve where it crosses the ala: it moves the nerve back until the ala holds it, then
flattens it there. There is no published grading of far-out
compression: the number is the model's own severity, 0 (none) to 3 (the nerve flattened against the ala).
Content: annotations/clinical/far_out.json.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from l5viz.pathology.engine import Lesion
from l5viz.pathology.kinds import LesionKind, register
from l5viz.pathology.specs import SIDES, Field, LesionSpec
from l5viz.translatable import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from l5viz.pathology.engine import PathologyEngine, Step

LEVEL_ID = "L5_S1"
OUTSIDE_FORAMEN_MM = 5.0  # lateral to the L5 pedicle's outer edge by this much: past the foramen's exit
# Modelling choices, in mm: how far the osteophyte's tip reaches past the nerve's near edge at severity 3 (sized
# so the nerve is flattened against the ala at 3 and only displaced at 1); the tip's clearance from the nerve at
# severity 0; how deep in the L5 bone it is rooted; its half width at the base.
REACH_MM = 8.0
CLEARANCE_MM = 1.5
ROOTED_MM = 1.5
SPUR_WIDTH_MM = 4.0


@dataclass(frozen=True)
class FarOut(LesionSpec):
    side: str
    severity: float  # the model's own 0-3: far-out compression has no published grading

    FIELDS = (
        Field("side", QT_TRANSLATE_NOOP("Field", "Side"), SIDES),
        Field("severity", QT_TRANSLATE_NOOP("Field", "Severity (model)"), low=0.0, high=3.0,
              hint=QT_TRANSLATE_NOOP("Field", "No published grading exists for far-out compression: 0 none, 3 the "
                                              "nerve flattened")),
    )
    EXAMPLE = "left:2"


def tunnel_point(engine: "PathologyEngine", side: str) -> tuple[np.ndarray, float]:
    """Where the L5 nerve crosses the lumbosacral tunnel: the sample of its path, lateral to the foramen, with
    the least room between the L5 vertebra above and the sacrum below; and the nerve's radius there. Found once
    per engine: it depends on the baseline anatomy alone."""
    return engine.memo(("lumbosacral_tunnel", side), lambda: find_tunnel(engine, side))


def find_tunnel(engine: "PathologyEngine", side: str) -> tuple[np.ndarray, float]:
    path = engine.paths[f"root_L5_{side}"]
    l5 = engine.verts["L5"]
    local = l5.frame.to_local(path.points)
    outside = np.abs(local[:, 0]) > l5.pedicle_x + 0.5 * l5.pedicle_width + OUTSIDE_FORAMEN_MM
    outside[: path.ganglion_index] = False
    candidates = np.flatnonzero(outside)
    room = (engine.bone_distance("vertebra_L5", path.points[candidates])
            + engine.bone_distance("sacrum", path.points[candidates]))
    best = candidates[int(np.argmin(room))]
    return path.points[best], float(path.radii[best])


def nearest_on(engine: "PathologyEngine", bone: str, side: str) -> np.ndarray:
    """The point of a bone's surface nearest the nerve in the tunnel. Found once per engine."""
    def find():
        point, _ = tunnel_point(engine, side)
        surface = np.asarray(engine.surfaces[bone].points)
        return surface[int(np.argmin(np.linalg.norm(surface - point, axis=1)))]

    return engine.memo(("far_out_nearest", bone, side), find)


def alar_osteophyte(engine: "PathologyEngine", spec: FarOut) -> list[Lesion]:
    """An osteophyte from the lower border of L5 (its point nearest the nerve) reaching down over the front of
    the nerve, which lies on the ala, and pressing it back onto the ala (Nathan 1982). An ellipsoid from
    ROOTED_MM inside the bone, so it reads as bone grown out, to its tip in front of the nerve; its sizes in mm
    are modelling choices."""
    t = (spec.severity / 3.0) ** 2  # slow at first: contact (1) before flattening (3); modelling choice
    if t <= 0.0:
        return []
    point, radius = tunnel_point(engine, spec.side)
    base = nearest_on(engine, "vertebra_L5", spec.side)
    onto_ala = nearest_on(engine, "sacrum", spec.side) - point
    onto_ala /= np.linalg.norm(onto_ala)
    tip = point - onto_ala * (radius + CLEARANCE_MM - REACH_MM * t)
    width = SPUR_WIDTH_MM + 1.5 * t
    return [Lesion.grown(f"alar_osteophyte_{spec.side}", "bone", base, tip, np.cross(tip - base, onto_ala),
                         (width, width), onto_ala, ROOTED_MM, displaces=True, term="osteophyte")]


class FarOutKind(LesionKind):
    def deform(self, engine: "PathologyEngine", specs: list[FarOut], step: "Step") -> None:
        still = (np.eye(3), np.zeros(3))
        for spec in specs:
            step.lesions += alar_osteophyte(engine, spec)
            point, _ = tunnel_point(engine, spec.side)
            engine.add_bone_obstacles(step, LEVEL_ID, spec.side, still, centre=point)  # the ala holds it

    def reasons(self, spec: FarOut, root: str, side: str, content: dict | None,
                measures: dict | None = None) -> list[dict]:
        if not content or root != "L5" or side != spec.side:
            return []
        entry = content["syndrome"]
        return [{"kind": self.name, "overlay": spec.to_text(), "text": entry["text"], "lay": entry["lay"],
                 "sources": entry["sources"]}]

    def expected_roots(self, spec: FarOut, content: dict | None) -> tuple[str, ...]:
        return ("L5",)

    def best_view(self, spec: FarOut) -> str:
        return f"foramen-L5-S1-{spec.side}"

    def named_parts(self, spec: FarOut) -> tuple[tuple[str, str, str | None], ...]:
        return (("vertebra_L5", "transverse_process", spec.side), ("sacrum", "ala", spec.side))


register(FarOutKind("far_out", QT_TRANSLATE_NOOP("LesionKind", "Far-out syndrome"), FarOut, stage=1, default="left:2",
                    help="e.g. left:2: the L5 nerve between the L5 transverse process and the sacral ala "
                         "(the model's severity 0-3)", rank=3))
