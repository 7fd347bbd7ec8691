"""The axial zones a report names, as boundaries across a disc's mid-plane, measured on this spine.

- Fardon 2014 (nomenclature v2.0): central, subarticular, foraminal and extraforaminal zones, bounded by the
  medial edge of the facet, the medial edge of the pedicle and its lateral edge (reference section 6).
- Lee 1988's lateral canal: entrance, mid and exit zones of the traversing root's canal below the disc, as one
  published table gives them: from the dura to the pedicle's medial wall, from there to the pedicle's centre,
  and from there to the lateral border of the facet (reference 1.7).

Measured choice (labelled as such): on this spine the superior articular process's medial edge lies lateral
to the pedicle's medial wall at every level (1-4 mm at the disc's mid-plane), which would leave Fardon's
subarticular zone no width; the central zone is therefore bounded by the sac's lateral edge, where Lee's
entrance zone (the lateral recess) also begins. Pure numpy: the renderer draws what this returns.
"""

from __future__ import annotations

import numpy as np

from l5viz.anatomy.geometry import SpineGeometry

ZONE_SCHEMES = ("off", "fardon", "lee")  # what the axial slabs may show; "off" by default
# Each scheme's zones from the midline out; their names and the scheme's title are words (annotations/views.json).
ZONE_NAMES = {"fardon": ("central", "subarticular", "foraminal", "extraforaminal"),
              "lee": ("entrance", "mid", "exit")}
OUTER_MM = 12.0  # how far the extraforaminal zone is drawn beyond the pedicle's lateral edge


def zone_edges(scheme: str, level_id: str, geometry: SpineGeometry, sac_points: np.ndarray,
               facet_points: np.ndarray | None = None) -> list[float] | None:
    """The zones' edges as distances from the midline in the disc's frame (mm), inner to outer, the same on
    both sides: one more edge than the scheme has zones. None where the model lacks a boundary (Lee's zones
    at L5-S1: the sacrum's pedicle is not measured).

    `sac_points`: the healthy sac's vertices; `facet_points`: the level's facet joint capsules, whose lateral
    border ends Lee's exit zone.
    """
    upper_name, lower_name = level_id.split("_")
    upper = geometry.vertebrae[upper_name]
    frame = geometry.discs[level_id].frame
    local = frame.to_local(np.asarray(sac_points, float))
    sac_edge = float(np.abs(local[np.abs(local[:, 2]) < 1.5, 0]).max())
    if scheme == "fardon":
        below = geometry.vertebrae.get(lower_name, geometry.vertebrae["L5"])  # S1: L5's canal width
        medial = 0.5 * below.interpedicular_distance
        lateral = upper.pedicle_centre_x() + 0.5 * upper.pedicle_width
        return [0.0, sac_edge, medial, lateral, lateral + OUTER_MM]
    if scheme == "lee":
        below = geometry.vertebrae.get(lower_name)
        if below is None or facet_points is None:
            return None
        facet = frame.to_local(np.asarray(facet_points, float))
        return [sac_edge, 0.5 * below.interpedicular_distance, below.pedicle_centre_x(),
                float(np.abs(facet[:, 0]).max())]
    raise ValueError(f"unknown zone scheme {scheme!r}; valid: {', '.join(s for s in ZONE_SCHEMES if s != 'off')}")
