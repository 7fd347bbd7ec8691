"""Disc material moves a root whole until something holds it, and only then flattens it (Pfirrmann 2004:
deviation, then compression between the disc and the canal wall). Measured on the deformed geometry."""

from __future__ import annotations

import numpy as np
import pytest

from l5viz.paths import meshes_dir
from l5viz.pathology.engine import TETHER_MM
from l5viz.pathology.kinds.herniation import Herniation
from l5viz.render.loading import engine_for, load_scene

HELD_MM = 0.6  # a root's back this close to a wall is held by it (the walls' vertices lie about 1 mm apart)
HELD_SPAN_MM = 3.0  # a flattened section lies this close, along the root, to a section held by a wall


@pytest.fixture(scope="module")
def engine():
    return engine_for(load_scene(meshes_dir()))


def deformed(engine, spec: str, sid: str):
    """The root's baseline and deformed vertices, its per-vertex section and the lesions, as the engine moves it."""
    result = engine.evaluate([Herniation.parse(spec)])
    before = engine.baseline[sid]
    after, _ = engine.push_neural(before, result.lesions, [], (sid, "shown"))
    return before, after, engine.cross_sections[sid][0], result


@pytest.mark.parametrize("spec,sid", [
    ("L4-L5:subarticular:right:extrusion:0.9", "root_L5_right"),
    ("L5-S1:subarticular:left:extrusion:0.9", "root_S1_left"),
    ("L4-L5:foraminal:left:extrusion:0.5", "drg_L4_left"),
    ("L5-S1:foraminal:right:protrusion:1.0", "drg_L5_right"),
])
def test_a_flattened_root_is_pressed_against_bone_or_ligament(engine, spec, sid):
    """Where a cross-section is flattened, its back (the vertex moved furthest along the push) lies against the
    canal's or foramen's wall, never in empty space, and never inside it."""
    before, after, sections, result = deformed(engine, spec, sid)
    assert result.compression[sid]["percent"] >= 10.0, result.compression[sid]
    walls = engine.holder_distance()
    push = after - before
    arc = engine.path_length(sid)
    flattened, against_wall = [], []
    for k in np.unique(sections[np.linalg.norm(push, axis=1) > 0.05]):
        sel = np.flatnonzero(sections == k)
        g = push[sel]
        whole = g[np.argmin(np.linalg.norm(g, axis=1))]  # the section's least-moved vertex: how it moved whole
        if np.linalg.norm(whole) < 0.05:
            continue
        unit = whole / np.linalg.norm(whole)
        back = after[sel][np.argmax(after[sel] @ unit)]
        if walls(back[None])[0] <= HELD_MM:
            against_wall.append(arc[k])
        along = g @ unit
        if along.max() - along.min() >= 1.0:  # flattened (not just moved whole, or barely touched)
            flattened.append(arc[k])
    assert flattened
    # The root is a tube: it is held where its back meets the wall, and bridges a few millimetres between.
    unheld = [a for a in flattened if not against_wall or min(abs(a - b) for b in against_wall) > HELD_SPAN_MM]
    assert not unheld, (unheld, against_wall)
    # Pressed against the wall, not through it (a healthy root may already lie against one, as it was built).
    moved = np.linalg.norm(push, axis=1) > 0.05
    deeper = walls(after[moved]) - np.minimum(walls(before[moved]), 0.0)
    assert deeper.min() > -HELD_MM, deeper.min()


def test_beyond_the_foramen_a_nerve_is_held_by_its_tether():
    """Past its ganglion the nerve is tethered (Transfeldt 1993): disc material moves it no further than
    TETHER_MM, and then flattens it."""
    engine = engine_for(load_scene(meshes_dir()))
    before, after, sections, result = deformed(engine, "L5-S1:extraforaminal:right:extrusion:0.8", "root_L5_right")
    assert result.compression["root_L5_right"]["percent"] >= 10.0
    beyond = sections > engine.paths["root_L5_right"].ganglion_index
    push = after - before
    least = [np.linalg.norm(push[sections == k], axis=1).min() for k in np.unique(sections[beyond])]
    assert max(least) <= TETHER_MM + 0.1  # each section's least-moved vertex: how far the section moved whole


@pytest.mark.parametrize("size", [0.3, 0.4])
def test_a_small_extrusion_deviates_the_traversing_root_without_compressing_it(engine, size):
    """5 mm of room lies behind the traversing L5 at the L4-5 disc before the ligamentum flavum on this spine:
    a small extrusion moves it back (Pfirrmann deviation) and flattens nothing."""
    result = engine.evaluate([Herniation("L4-L5", "subarticular", "right", "extrusion", size)])
    assert result.displacement["root_L5_right"] >= 1.0
    assert result.compression["root_L5_right"]["percent"] < 10.0
