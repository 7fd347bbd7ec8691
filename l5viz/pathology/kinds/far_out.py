"""Far-out syndrome (Wiltse 1984): the L5 spinal nerve caught outside the foramen, between the L5 transverse
process and the sacral ala, in the lumbosacral tunnel.

Nathan 1982 names what narrows the tunnel: osteophytes on the inferior border of L5, or a tight lumbosacral
ligament, press the L5 nerve against the ala. The model grows such an osteophyte down from L5 onto the nerve
where it crosses the ala, and the ala holds the nerve from below. There is no published grading of far-out
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

if TYPE_CHECKING:
    from l5viz.pathology.engine import PathologyEngine, Step

LEVEL_ID = "L5_S1"
OUTSIDE_FORAMEN_MM = 5.0  # lateral to the L5 pedicle's outer edge by this much: past the foramen's exit
# Modelling choice: how far (mm) the osteophyte's lower edge reaches below the nerve's top at severity 3; sized
# so the nerve is flattened against the ala at 3 and only displaced at 1.
REACH_MM = 8.0
CLEARANCE_MM = 1.5  # the osteophyte's lower edge above the nerve at severity 0


@dataclass(frozen=True)
class FarOut(LesionSpec):
    side: str
    severity: float  # the model's own 0-3: far-out compression has no published grading

    FIELDS = (
        Field("side", "Side", SIDES),
        Field("severity", "Severity (model)", low=0.0, high=3.0,
              hint="No published grading exists for far-out compression: 0 none, 3 the nerve flattened"),
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


def alar_osteophyte(engine: "PathologyEngine", spec: FarOut) -> list[Lesion]:
    """An osteophyte from the inferior border of L5 growing down onto the nerve in the tunnel (Nathan 1982);
    its sizes in mm are modelling choices."""
    t = (spec.severity / 3.0) ** 2  # slow at first: contact (1) before flattening (3); modelling choice
    if t <= 0.0:
        return []
    point, radius = tunnel_point(engine, spec.side)
    axes = engine.verts["L5"].frame.axes
    up = axes[2]
    half_height = 3.0 + 3.0 * t
    bottom = radius + CLEARANCE_MM - REACH_MM * t  # below the nerve's centre when negative
    return [Lesion(f"alar_osteophyte_{spec.side}", "bone", point + up * (bottom + half_height), axes,
                   np.array([4.0 + 1.5 * t, 4.0 + 1.5 * t, half_height]), -up)]


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


register(FarOutKind("far_out", "Far-out syndrome", FarOut, stage=1, default="left:2",
                    help="e.g. left:2: the L5 nerve between the L5 transverse process and the sacral ala "
                         "(the model's severity 0-3)", rank=3))
