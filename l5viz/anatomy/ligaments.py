"""The soft tissue that narrows the canal and foramina in stenosis, fitted to the real bone.

Ligamentum flavum, posterior longitudinal ligament, facet capsules, the posterior epidural fat pad and
the fat round each exiting root in its foramen (the fat whose loss defines the Lee 2010 grades). Each is a
signed distance function placed from the measured frames (`SpineGeometry`), then cut by the bone, discs,
sac and roots so that no two meshes overlap. Relations: reference sections 3-5 and 7 (anatomy-reference.md).
Thicknesses and extents are modelling choices; each is labelled where it is set.
"""

from __future__ import annotations

import numpy as np

from l5viz.anatomy.geometry import SIDES, SpineGeometry
from l5viz.anatomy.ids import LEVELS
from l5viz.anatomy.neural import SAC_DEPTH
from l5viz.anatomy.sdf import SDF, Frame, ellipsoid, in_frame, tube

FLAVUM_THICKNESS = 3.0  # mm at rest; modelling choice (its thickening is a cause of stenosis, reference section 7)
FLAVUM_SPAN = (-10.0, 12.0)  # mm below / above the disc's mid-plane: the interlaminar space; modelling choice
FLAVUM_FORAMINAL_REACH = 3.0  # mm beyond the pedicle's lateral face: the flavum lines the superior articular
# process's front out to the foramen's exit, where it forms part of the foramen's posterior wall (Jeong et al.
# 2017, grading-treatment-reference.md); the reach is a modelling choice
FLAVUM_BACKING = (1.5, 3.0, 4.5)  # mm behind a flavum point where bone is looked for: the flavum lines the canal's
# and foramen's bony posterior wall, never the back of a lamina or facet; modelling choice
FLAVUM_OPEN_FRONT = (1.5, 3.0)  # mm in front of a flavum point that must be free of bone: the canal or foramen
# lies there, not the other articular process across a facet joint; modelling choice
PLL_WIDTH_BODY, PLL_WIDTH_DISC = 7.0, 12.0  # mm: narrow behind the bodies, wider over the discs; modelling choice
PLL_ASPECT = 5.0  # its flat elliptic section is five times wider than thick (1.4 mm behind a body); modelling choice
CAPSULE_REACH = 6.0  # mm round the articular cartilage that the capsule covers; modelling choice
CAPSULE_THICKNESS = 1.5  # mm; modelling choice
EPIDURAL_FAT_HALF_WIDTH = 6.0  # mm each side of the midline: the posterior fat pad; modelling choice
FORAMINAL_FAT_RADII = (7.0, 9.0, 11.0)  # mm (lateral, AP, vertical) round the foramen's centre, so the fat fills
# the foramen up to its walls (a normal foramen is Lee grade 0: fat all round the root); modelling choice
GAP = 0.25  # mm between neighbouring tissues, so their meshes never touch; modelling choice


def carve(region: SDF, *limits) -> SDF:
    """`region` further limited by each of `limits` (functions of the points, inside where negative).

    The limits are evaluated only where the region itself comes within a millimetre: elsewhere the region
    alone puts a point outside, and the limits (distances to whole meshes) are the costly part. The uncut
    region stays readable as `.region`, so a mesher can find where the tissue lies cheaply.
    """
    def cut(p):
        out = region(p)
        near = out < 1.0
        if near.any():
            q = p[near]
            out[near] = np.maximum.reduce([out[near]] + [limit(q) for limit in limits])
        return out

    cut.region = region
    return cut


def apart_from(other: SDF, gap: float = GAP):
    """The limit that keeps a tissue `gap` away from `other`."""
    return lambda q: gap - other(q)


def without(shape: SDF, *others: SDF) -> SDF:
    """`shape` less every one of `others`, each kept GAP away."""
    return carve(shape, *(apart_from(o) for o in others))


def lining(region: SDF, surface: SDF, thickness: float, *others: SDF) -> SDF:
    """The layer, `thickness` deep, that lies on `surface` inside `region`, less `others` (each kept GAP away)."""
    return carve(region, apart_from(surface), lambda q: surface(q) - thickness, *(apart_from(o) for o in others))


def flavum(geo: SpineGeometry, level: str, side: float, bone: SDF, sac: SDF, joint: SDF) -> SDF:
    """One side's ligamentum flavum: the lining, FLAVUM_THICKNESS deep, of the bony posterior wall of the canal
    and foramen (the laminae and the superior articular process) across the interlaminar level, from near the
    midline out to the foramen's exit, with bone behind it and open space in front (so not in the facet
    joint, `joint` being its cartilage); cut by the bone and the sac. The midline gap between the two halves
    is real."""
    upper = geo.upper_vertebra(level)
    frame = geo.discs[level].frame
    sac_centre_y = frame.to_local(upper.frame.to_world([0.0, upper.posterior_wall_y - 0.5 * SAC_DEPTH, 0.0]))[1]
    # The laminae's front at the midline: the flavum lines the canal, not the laminae's back.
    laminae = frame.to_local(upper.frame.to_world([0.0, upper.posterior_wall_y - upper.canal_depth, 0.0]))[1]
    lateral = upper.pedicle_x + 0.5 * upper.pedicle_width + FLAVUM_FORAMINAL_REACH
    posterior = -frame.axes[1]

    def box(q):
        x = q[:, 0] * side
        return np.maximum.reduce([q[:, 1] - sac_centre_y, laminae - 4.0 - q[:, 1], 1.0 - x, x - lateral,
                                  FLAVUM_SPAN[0] - q[:, 2], q[:, 2] - FLAVUM_SPAN[1]])

    def backed(q):
        return np.minimum.reduce([bone(q + t * posterior) for t in FLAVUM_BACKING])

    def open_in_front(q):
        return -np.minimum.reduce([bone(q - t * posterior) for t in FLAVUM_OPEN_FRONT])

    return carve(in_frame(box, frame), apart_from(bone), lambda q: bone(q) - FLAVUM_THICKNESS, backed,
                 open_in_front, apart_from(sac), apart_from(joint))


def posterior_longitudinal_ligament(geo: SpineGeometry, bone: SDF, discs: SDF, sac: SDF) -> SDF:
    """A ribbon down the backs of the bodies and discs from L1 to S1, wider over each disc (reference section 3)."""
    points, widths = [], []
    for name, v in geo.vertebrae.items():
        below = next(d for lv, d in geo.discs.items() if lv.startswith(f"{name}_"))
        points += [v.frame.to_world([0.0, v.posterior_wall_y - 0.5 * PLL_WIDTH_BODY / PLL_ASPECT - GAP, 0.0]),
                   below.frame.to_world([0.0, below.posterior_y - 0.5 * PLL_WIDTH_DISC / PLL_ASPECT - GAP, 0.0])]
        widths += [PLL_WIDTH_BODY, PLL_WIDTH_DISC]
    squash = np.array([1.0, PLL_ASPECT, 1.0])
    ribbon = tube(np.array(points) * squash, 0.5 * np.array(widths))
    return without(lambda p: ribbon(p * squash) / PLL_ASPECT, bone, discs, sac)


def facet_capsule(cartilage: SDF, bone: SDF, flava: SDF) -> SDF:
    """The joint's capsule: a sleeve CAPSULE_THICKNESS deep on the articular processes, within CAPSULE_REACH
    of the joint's cartilage, so it wraps the joint's margins; in front, the flavum takes over."""
    return lining(lambda p: cartilage(p) - CAPSULE_REACH, bone, CAPSULE_THICKNESS, cartilage, flava)


def epidural_fat(geo: SpineGeometry, bone: SDF, sac: SDF, flava: SDF) -> SDF:
    """The posterior epidural fat pad: the midline space behind the sac, in front of the laminae and flava,
    from mid-L3 to the sacrum (one block per vertebra in its own frame, so it follows the lordosis)."""
    blocks = []
    for name in ("L3", "L4", "L5"):
        v = geo.vertebrae[name]
        back = v.posterior_wall_y - v.canal_depth - 4.0

        def block(p, v=v, back=back):
            q = v.frame.to_local(p)
            return np.maximum.reduce([np.abs(q[:, 0]) - EPIDURAL_FAT_HALF_WIDTH, q[:, 1] - (v.posterior_wall_y - 4.0),
                                      back - q[:, 1], q[:, 2] - 0.5 * v.height_posterior,
                                      -0.5 * v.height_posterior - 10.0 - q[:, 2]])

        blocks.append(block)
    return without(lambda p: np.minimum.reduce([b(p) for b in blocks]), bone, sac, flava)


def foraminal_fat(centre: np.ndarray, frame_axes: np.ndarray, *walls: SDF) -> SDF:
    """The fat round the exiting root and ganglion in one foramen, up to its walls (bone, disc, flavum,
    capsule) and off the nerves."""
    blob = in_frame(ellipsoid([0.0, 0.0, 0.0], FORAMINAL_FAT_RADII), Frame(np.asarray(centre, float), frame_axes))
    return without(blob, *walls)


def soft_tissue(geo: SpineGeometry, landmarks: dict, bone: SDF, discs: SDF, sac: SDF, neural: SDF,
                cartilage: dict[str, SDF]) -> dict[str, SDF]:
    """Signed distance functions of every ligament and fat structure, by structure id."""
    out: dict[str, SDF] = {}
    for level in LEVELS:
        for side_name, side in SIDES.items():
            out[f"ligamentum_flavum_{level}_{side_name}"] = flavum(geo, level, side, bone, sac,
                                                                   cartilage[f"{level}_{side_name}"])
    flava_ids = list(out)
    flava = lambda p: np.minimum.reduce([out[k](p) for k in flava_ids])  # noqa: E731
    out["posterior_longitudinal_ligament"] = posterior_longitudinal_ligament(geo, bone, discs, sac)
    for level in LEVELS:
        for side_name in SIDES:
            capsule = facet_capsule(cartilage[f"{level}_{side_name}"], bone, flava)
            out[f"facet_capsule_{level}_{side_name}"] = capsule
            out[f"foraminal_fat_{level}_{side_name}"] = foraminal_fat(
                np.array(landmarks[f"foramen_{level}_{side_name}"]), geo.upper_vertebra(level).frame.axes,
                bone, discs, neural, flava, capsule)
    out["epidural_fat"] = epidural_fat(geo, bone, sac, flava)
    return out
