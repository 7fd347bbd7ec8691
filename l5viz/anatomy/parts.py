"""Name the parts of each vertebra and of the sacrum, per vertex, from the measured frames.

A click can then say "right L5 pedicle", and a lesson or label can point at a part. The rules are regions
in the bone's own frame, bounded by the measured body wall, pedicles and canal (`VertebraGeometry`); their
millimetre margins are modelling choices, checked by eye on renders of L4, L5 and the sacrum. The sacral
foramina are not yet named (they need the tunnels found, not a region).
Parts as the reference names them (anatomy-reference.md section 1).
"""

from __future__ import annotations

import numpy as np

from l5viz.anatomy.geometry import SpineGeometry, VertebraGeometry

VERTEBRA_PARTS = ("body", "pedicle", "lamina", "pars_interarticularis", "superior_articular_process",
                  "inferior_articular_process", "transverse_process", "spinous_process")
SACRUM_PARTS = ("sacral_body", "promontory", "ala", "superior_articular_process", "sacral_crest_and_laminae",
                "lower_sacrum_and_coccyx")
PEDICLE_LENGTH = 9.0  # mm behind the body's posterior wall that still counts as pedicle; modelling choice


def vertebra_parts(points: np.ndarray, v: VertebraGeometry) -> np.ndarray:
    """Index into VERTEBRA_PARTS for each vertex of one lumbar vertebra."""
    q = v.frame.to_local(points)
    x, y, z = np.abs(q[:, 0]), q[:, 1], q[:, 2]
    behind = y < v.posterior_wall_y - PEDICLE_LENGTH
    pedicle_outer = v.pedicle_x + 0.5 * v.pedicle_width
    canal_back = v.posterior_wall_y - v.canal_depth
    part = np.full(len(q), VERTEBRA_PARTS.index("lamina"))
    rules = [  # later rules win
        (behind & (z < v.pedicle_bottom - 4.0) & (x > 0.5 * v.interpedicular_distance - 2.0),
         "inferior_articular_process"),
        (behind & (z > v.pedicle_top - 3.0) & (x > 0.5 * v.interpedicular_distance - 3.0), "superior_articular_process"),
        (behind & (x > 0.5 * v.interpedicular_distance - 2.0) & (x < pedicle_outer + 2.0)
         & (z >= v.pedicle_bottom - 4.0) & (z <= v.pedicle_z), "pars_interarticularis"),
        (behind & (x < 6.0) & (y < canal_back - 6.0), "spinous_process"),
        ((x > pedicle_outer + 3.0) & (y > canal_back) & (z > v.pedicle_bottom - 8.0) & (z < v.pedicle_top + 4.0),
         "transverse_process"),
        (~behind & (y <= v.posterior_wall_y) & (x <= pedicle_outer + 3.0), "pedicle"),
        (y > v.posterior_wall_y - 0.5, "body"),
    ]
    for mask, name in rules:
        part[mask] = VERTEBRA_PARTS.index(name)
    return part


def sacrum_parts(points: np.ndarray, geo: SpineGeometry) -> np.ndarray:
    """Index into SACRUM_PARTS for each vertex of the sacrum, in the S1 endplate's frame."""
    l5 = geo.vertebrae["L5"]
    s1 = geo.s1_endplate
    q = s1.to_local(points)
    x, y, z = np.abs(q[:, 0]), q[:, 1], q[:, 2]
    wall = s1.to_local(l5.frame.to_world([0.0, l5.posterior_wall_y, 0.0]))[1]
    front = 0.5 * geo.discs["L5_S1"].depth  # the S1 endplate's anterior edge
    part = np.full(len(q), SACRUM_PARTS.index("sacral_body"))
    rules = [
        (z < -45.0, "lower_sacrum_and_coccyx"),
        ((y < wall - 4.0) & (z >= -45.0), "sacral_crest_and_laminae"),
        ((y < wall - 4.0) & (z > -12.0) & (x > 0.5 * l5.interpedicular_distance - 2.0), "superior_articular_process"),
        ((x > 0.5 * l5.endplate_width - 2.0) & (y >= wall - 4.0) & (z >= -45.0), "ala"),
        ((y > front - 7.0) & (z > -6.0) & (x < 15.0), "promontory"),
    ]
    for mask, name in rules:
        part[mask] = SACRUM_PARTS.index(name)
    return part
