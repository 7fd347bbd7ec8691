"""The zones a report names, drawn over axial slabs: Fardon 2014's (central, subarticular, foraminal,
extraforaminal) and Lee 1988's lateral canal (entrance, mid, exit), measured on this spine; each herniation zone's
material lies in the zone the overlay draws."""

from __future__ import annotations

import numpy as np
import pytest

from l5viz.anatomy.ids import per_side
from l5viz.anatomy.zones import ZONE_NAMES, zone_edges
from l5viz.pathology.kinds.herniation import ZONES, Herniation, herniation_lesions

LEVELS = ("L3_L4", "L4_L5", "L5_S1")


def edges_of(engine, scene, scheme: str, level_id: str):
    capsules = np.vstack([scene.meshes[sid].points for sid in per_side("facet_capsule", (level_id,))])
    return zone_edges(scheme, level_id, engine.geometry, scene.meshes["thecal_sac"].points, capsules)


@pytest.mark.parametrize("level_id", LEVELS)
def test_each_scheme_has_one_more_edge_than_zones_each_further_out(engine, scene, level_id):
    fardon = edges_of(engine, scene, "fardon", level_id)
    assert len(fardon) == len(ZONE_NAMES["fardon"]) + 1 and fardon[0] == 0.0
    assert all(a < b for a, b in zip(fardon, fardon[1:])), fardon
    lee = edges_of(engine, scene, "lee", level_id)
    if level_id == "L5_S1":
        assert lee is None  # the sacrum's pedicle is not measured: no lateral canal zones are drawn there
    else:
        assert len(lee) == len(ZONE_NAMES["lee"]) + 1 and all(a < b for a, b in zip(lee, lee[1:])), lee
        assert lee[0] == fardon[1]  # the entrance zone begins at the dura, where the central zone ends


@pytest.mark.parametrize("level", ["L3-L4", "L4-L5", "L5-S1"])
@pytest.mark.parametrize("zone", ZONES[1:])
def test_herniated_material_lies_in_the_zone_the_overlay_draws(engine, scene, level, zone):
    """The fragment's centre, the bulk of the displaced material, is in its own band."""
    h = Herniation(level, zone, "left", "extrusion", 0.7)
    fragment = herniation_lesions(engine, h)[0]
    centre = engine.disc_frame(h.level_id).to_local(fragment.centre)
    edges = edges_of(engine, scene, "fardon", h.level_id)
    k = ZONE_NAMES["fardon"].index(zone)
    assert edges[k] <= abs(centre[0]) <= edges[k + 1] + (np.inf if zone == "extraforaminal" else 0.0), (centre, edges)
