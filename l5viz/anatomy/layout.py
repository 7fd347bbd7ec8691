"""Sagittal stacking: where every body and disc sits, from the sacral slope and the wedge of each block.

Each vertebral body and disc is a wedge (taller in front). Starting from the S1 upper endplate, inclined
by the sacral slope, each block adds its height along its mid-plane normal and turns the next surface by
its wedge angle. Lordosis then emerges from the measured heights instead of being imposed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from l5viz.anatomy.params import AnatomyParams
from l5viz.anatomy.sdf import Frame, rotation_x

Z_LOCAL = np.array([0.0, 0.0, 1.0])


@dataclass(frozen=True)
class Block:
    """A wedge-shaped body or disc: `frame` sits at its centre, local z along its mid-plane normal."""

    name: str
    frame: Frame
    height_anterior: float
    height_posterior: float
    depth: float

    @property
    def mean_height(self) -> float:
        return 0.5 * (self.height_anterior + self.height_posterior)

    @property
    def half_wedge_rad(self) -> float:
        return 0.5 * np.arctan((self.height_anterior - self.height_posterior) / self.depth)

    def surface_height(self, y_local: np.ndarray | float, upper: bool) -> np.ndarray | float:
        """Local z of the upper (or lower) surface at local y: the wedge opens anteriorly."""
        z = 0.5 * self.mean_height + np.asarray(y_local) * np.tan(self.half_wedge_rad)
        return z if upper else -z

    def surface_normal(self, upper: bool) -> np.ndarray:
        """Outward unit normal of the upper or lower surface, world frame."""
        w = self.half_wedge_rad
        local = np.array([0.0, -np.sin(w), np.cos(w)]) if upper else np.array([0.0, -np.sin(w), -np.cos(w)])
        return self.frame.direction_to_world(local)

    def surface_centre(self, upper: bool) -> np.ndarray:
        return self.frame.to_world([0.0, 0.0, self.surface_height(0.0, upper)])


@dataclass(frozen=True)
class SpineLayout:
    bodies: dict[str, Block]  # "L3", "L4", "L5"
    discs: dict[str, Block]  # "L3_L4", "L4_L5", "L5_S1"
    s1_endplate: Frame  # origin at the S1 upper endplate centre, local z its normal


def build_layout(params: AnatomyParams) -> SpineLayout:
    """Stack S1 -> L5-S1 disc -> L5 -> L4-5 -> L4 -> L3-4 -> L3, then put the L5-S1 disc centre at the origin."""
    stack = [
        ("disc", "L5_S1", params.disc("L5_S1"), params.vertebra("L5").endplate_depth),
        ("body", "L5", params.vertebra("L5"), params.vertebra("L5").endplate_depth),
        ("disc", "L4_L5", params.disc("L4_L5"), params.vertebra("L4").endplate_depth),
        ("body", "L4", params.vertebra("L4"), params.vertebra("L4").endplate_depth),
        ("disc", "L3_L4", params.disc("L3_L4"), params.vertebra("L3").endplate_depth),
        ("body", "L3", params.vertebra("L3"), params.vertebra("L3").endplate_depth),
    ]
    # Angle of a surface about x: 0 = horizontal; the S1 endplate faces up and forward (sacral slope).
    surface_angle = -params.sacrum.sacral_slope
    surface_centre = np.zeros(3)
    placed = []
    for kind, name, p, depth in stack:
        wedge = np.degrees(np.arctan((p.height_anterior - p.height_posterior) / depth))
        mid_angle = surface_angle + 0.5 * wedge
        axes = rotation_x(mid_angle)
        mean_h = 0.5 * (p.height_anterior + p.height_posterior)
        centre = surface_centre + 0.5 * mean_h * axes[2]
        placed.append((kind, name, Frame(centre, axes), p, depth))
        surface_centre = centre + 0.5 * mean_h * axes[2]
        surface_angle += wedge
    shift = -next(f.origin for kind, name, f, _, _ in placed if name == "L5_S1")
    bodies, discs = {}, {}
    for kind, name, frame, p, depth in placed:
        block = Block(name, Frame(frame.origin + shift, frame.axes), p.height_anterior, p.height_posterior, depth)
        (bodies if kind == "body" else discs)[name] = block
    s1 = Frame(shift.copy(), rotation_x(-params.sacrum.sacral_slope))
    return SpineLayout(bodies, discs, s1)
