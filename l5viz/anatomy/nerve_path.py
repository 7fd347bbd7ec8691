"""The path of the L5 fibres from the foramen to the foot, fitted to the real pelvis and the fitted body.

Each nerve is a smooth tube through stations found from the geometry, both sides (side +1 = the patient's
right, +x). The relations, and where each was read:
- the L5 spinal nerve runs over the sacral ala to join L4 in the lumbosacral trunk (anatomy reference
  section 5, on the far-out zone, after Wiltse 1984);
- the sciatic nerve leaves the pelvis through the greater sciatic foramen below piriformis and passes
  between the greater trochanter and the ischial tuberosity (J Nobel Med Coll 9(1), doi
  10.3126/jonmc.v9i1.29414; Gray's Anatomy, 20th edition, 1918, public-domain text on the foramen);
- it divides most often near the superior angle of the popliteal fossa (60 % of 50 limbs, KIST cadaveric
  series; and the ultrasound series cited at DIVISION_ABOVE_CREASE) into the tibial nerve, measured behind
  the medial malleolus (Singh et al., J Ultrason 2022, doi 10.15557/JoU.2022.0024), and the common
  fibular nerve, whose palsy at the fibular head mimics an L5 root (anatomy reference, section 9);
- the deep fibular nerve supplies the first web space and the superficial fibular nerve the rest of the
  dorsum of the foot (same section).
Where the body has no bone (the femur, tibia and fibula are not in the model), stations are placed in the
leg's own cross-section, found by cutting the fitted skin, at depths under its skin; each depth and each
height is sourced or labelled a modelling choice where it is set.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyvista as pv

from l5viz.anatomy.meshing import mesh_sdf
from l5viz.anatomy.neural import Clearance, smooth_route
from l5viz.anatomy.sdf import resample_polyline

EXIT_SEARCH_REACH = 70.0  # mm round the ala and the ischium within which the way out of the pelvis is searched
ROUTE_STATION_SPACING = 15.0  # mm between the stations taken from the sciatic nerve's route out of the pelvis
PARENT = {"sciatic_nerve": "lumbosacral_trunk", "tibial_nerve": "sciatic_nerve",
          "common_fibular_nerve": "sciatic_nerve", "deep_fibular_nerve": "common_fibular_nerve",
          "superficial_fibular_nerve": "common_fibular_nerve"}


def area_diameter(area_mm2: float) -> float:
    """The diameter of a round nerve of this cross-sectional area."""
    return float(2.0 * np.sqrt(area_mm2 / np.pi))


# Diameters (mm). Ultrasound cross-sectional areas: the tibial nerve 25.9 mm^2 in the popliteal fossa and
# 10.0 mm^2 at the malleolus (meta-analysis "Cross-sectional area reference values for peripheral nerve
# ultrasound in adults, Part II: lower extremity nerves", 16 studies, 1001 volunteers); the common fibular
# nerve 12.9 mm^2 in the popliteal fossa and 10.2 mm^2 at the fibular head (meta-analysis of 15,857
# nerves, Muscle Nerve, doi 10.1002/mus.27783, PMID 36583383). The two meta-analyses disagree for the
# common fibular nerve (Part II: 7.9 and 8.4 mm^2); the larger, later pooling is used.
TIBIAL_DIAMETER = (area_diameter(25.9), area_diameter(10.0))  # popliteal fossa, malleolus: 5.7, 3.6
COMMON_FIBULAR_DIAMETER = (area_diameter(12.9), area_diameter(10.2))  # popliteal fossa, fibular head: 4.1, 3.6
SCIATIC_DIAMETER = 9.0  # mm, round; the nerve is flat and about 2 cm wide where it leaves the pelvis
# (cadaveric study of its division, J Nobel Med Coll 9(1), doi 10.3126/jonmc.v9i1.29414); a round tube of
# 64 mm^2 is a modelling choice
TRUNK_DIAMETER = 5.5  # mm, from the L5 root's 5.5 mm where it starts; modelling choice
BRANCH_DIAMETER = 2.5  # mm, deep and superficial fibular nerves; modelling choice (no source checked)
# Sciatic division: 54.2 +- 13.7 mm above the popliteal crease, 17.2 +- 5.4 mm under the skin (ultrasound,
# 110 volunteers, Kathmandu Univ Med J 18(2), doi 10.3126/kumj.v18i2.33259); cadaver series put it higher
# (means 14 cm in men and 8 cm in women, Int J Anat Res 2019;7(2.3):6612, doi 10.16965/ijar.2019.172) and
# the literature spans 5-12 cm: the living series is used.
DIVISION_ABOVE_CREASE = 54.2
DIVISION_DEPTH = 17.2
FIBULAR_NECK_BELOW_KNEE = 40.0  # mm below the knee joint's centre; modelling choice
FIBULAR_NECK_DEPTH = 5.0  # mm under the skin: the nerve is palpable there; modelling choice
WEB_SPACE_DEPTH = 3.0  # mm under the dorsal skin of the first web space; modelling choice
THIGH_DEPTH = 40.0  # mm under the skin of the back of the thigh below the gluteal fold; modelling choice
CALF_DEPTH = 35.0  # mm, the tibial nerve under the calf's skin at mid-leg; modelling choice
ANTERIOR_DEPTH = 25.0  # mm, the deep fibular nerve under the shin's skin at mid-leg; modelling choice
LATERAL_DEPTH = 12.0  # mm, the superficial fibular nerve in the lateral compartment at mid-leg; modelling choice
SKIN_COVER = 1.0  # mm of tissue kept between any nerve's surface and the skin; modelling choice
SUBCUTANEOUS = 4.0  # mm: the superficial fibular nerve after it pierces the fascia; modelling choice
TROCHANTER_OFFSET = np.array([55.0, -10.0, -15.0])  # mm from the acetabular centre (lateral, anterior,
# superior; lateral signed by side): where the greater trochanter lies, the femur not being in the model;
# modelling choice


@dataclass(frozen=True)
class LegFrame:
    """The body's leg joints (world mm) from its rig, for one side: hip, knee and ankle centres, and the
    first and second toes' metatarsophalangeal joints."""

    hip: np.ndarray
    knee: np.ndarray
    ankle: np.ndarray
    toe1: np.ndarray
    toe2: np.ndarray


def leg_centre(skin: pv.PolyData, z: float, near: np.ndarray) -> np.ndarray:
    """The centre of the leg's cross-section at height z: the loop of the cut skin nearest `near` (the leg's
    axis there)."""
    cut = skin.slice(normal=(0.0, 0.0, 1.0), origin=(0.0, 0.0, z)).connectivity()
    region = np.asarray(cut.point_data["RegionId"])
    points = np.asarray(cut.points)
    loops = [points[region == r] for r in np.unique(region)]
    loop = min(loops, key=lambda p: np.linalg.norm(p[:, :2].mean(axis=0) - near[:2]))
    return np.r_[loop[:, :2].mean(axis=0), z]


def axis_at(frame: LegFrame, z: float) -> np.ndarray:
    """The leg's axis (hip-knee-ankle polyline) at height z."""
    joints = [frame.hip, frame.knee, frame.ankle]
    for top, bottom in zip(joints, joints[1:]):
        if bottom[2] <= z <= top[2]:
            t = (top[2] - z) / (top[2] - bottom[2])
            return top + t * (bottom - top)
    return frame.ankle if z < frame.ankle[2] else frame.hip


def surface_below(skin: pv.PolyData, x: float, y: float, z_from: float) -> float:
    """Height of the skin's upper surface under (x, y), searched downwards from z_from (the dorsum of the foot)."""
    hits, _ = skin.ray_trace((x, y, z_from), (x, y, z_from - 200.0))
    return float(hits[0][2]) if len(hits) else z_from


@dataclass(frozen=True)
class NervePath:
    """A nerve's centreline (world mm, from its origin to its end) and its diameter at each point."""

    points: np.ndarray
    diameters: np.ndarray

    def tube(self, sides: int = 16, spacing: float = 2.0) -> pv.PolyData:
        """A closed tube along the centreline, one ring every `spacing` mm (even rings: no slivers where the
        spline's samples bunch up), swept as one polyline so it is one smooth tube."""
        points, diameters = resample_polyline(self.points, self.diameters, spacing)
        path = pv.PolyData(points, lines=np.r_[len(points), np.arange(len(points))])
        path.point_data["radius"] = 0.5 * diameters
        surface = path.tube(scalars="radius", absolute=True, n_sides=sides, capping=True).triangulate().clean()
        return pv.PolyData(np.asarray(surface.points), surface.faces)  # geometry only, no filter arrays


def through(stations, diameters, samples: int = 160) -> NervePath:
    """A smooth path through stations (a spline), its diameter interpolated between theirs by length."""
    stations = np.asarray(stations, float)
    line = np.asarray(pv.Spline(stations, samples).points)
    along = np.r_[0.0, np.cumsum(np.linalg.norm(np.diff(stations, axis=0), axis=1))]
    spline_along = np.r_[0.0, np.cumsum(np.linalg.norm(np.diff(line, axis=0), axis=1))]
    return NervePath(line, np.interp(spline_along / spline_along[-1] * along[-1], along, diameters))


def kept_under(path: NervePath, skin: pv.PolyData) -> NervePath:
    """The path with every point at least its radius plus SKIN_COVER inside the skin: a spline between two
    shallow stations (the fibular neck) can bulge out by a few millimetres; those points are moved inwards
    along the skin's distance gradient, a few passes."""
    distance = mesh_sdf(skin)
    points = path.points.copy()
    need = -(0.5 * path.diameters + SKIN_COVER)
    for _ in range(4):
        d = distance(points)
        shallow = np.flatnonzero(d > need)
        if not len(shallow):
            break
        gradient = np.column_stack([distance(points[shallow] + e) - d[shallow] for e in np.eye(3) * 0.5]) / 0.5
        gradient /= np.maximum(np.linalg.norm(gradient, axis=1), 1e-9)[:, None]
        points[shallow] -= gradient * (d[shallow] - need[shallow])[:, None]
    return NervePath(points, path.diameters)


def under_skin(skin: pv.PolyData, centre: np.ndarray, towards: tuple[float, float], depth: float) -> np.ndarray:
    """The point `depth` mm under the skin, reached from the leg's centre going `towards` (x, y) in the
    horizontal plane: the skin's hit moved back along the same line."""
    direction = np.array([towards[0], towards[1], 0.0]) / np.hypot(*towards)
    hit = first_hit(skin, centre, direction)
    if hit is None:
        raise ValueError(f"no skin round the leg at z = {centre[2]:.0f} mm going {towards}")
    return hit - depth * direction


def leg_paths(side: float, frame: LegFrame, skin: pv.PolyData, trunk_start: np.ndarray, l4_end: np.ndarray,
              pelvis: dict[str, np.ndarray], acetabulum: np.ndarray, bone: Clearance) -> dict[str, NervePath]:
    """The six nerves of one side (see the module's relations) and the L4 branch of the trunk, continuous:
    each starts where its parent ends or divides."""
    def at(z, towards, depth):
        return under_skin(skin, leg_centre(skin, z, axis_at(frame, z)), towards, depth)

    back, front, lateral = (0.0, -1.0), (0.0, 1.0), (side, 0.0)
    trochanter = acetabulum + TROCHANTER_OFFSET * np.array([side, 1.0, 1.0])
    tuberosity = pelvis["tuberosity"]
    gluteal = np.array([0.5 * (tuberosity[0] + trochanter[0]), tuberosity[1] - 5.0, tuberosity[2] + 10.0])
    crease = frame.knee[2]  # the popliteal crease taken at the knee joint's centre; modelling choice
    division_z = crease + DIVISION_ABOVE_CREASE
    division = at(division_z, back, DIVISION_DEPTH)
    thigh = [at(gluteal[2] + share * (division_z - gluteal[2]), back, THIGH_DEPTH) for share in (0.3, 0.65)]
    ala = pelvis["ala"]
    junction = 0.5 * (trunk_start + ala) + np.array([0.0, 4.0, 0.0])  # where L4's branch joins
    trunk = through([trunk_start, junction, ala], np.full(3, TRUNK_DIAMETER))
    # Out of the pelvis through the greater sciatic foramen: the way of most clearance from the bone from the
    # ala to the back of the ischium (the roots' routing, `smooth_route`), then down to the gluteal station.
    exit_line = smooth_route([ala, pelvis["ischium"]], bone, 0.5 * SCIATIC_DIAMETER, EXIT_SEARCH_REACH)
    exit_stations, _ = resample_polyline(exit_line, np.zeros(len(exit_line)), ROUTE_STATION_SPACING)
    stations = np.vstack([exit_stations, gluteal, *thigh, division])
    diameters = np.r_[TRUNK_DIAMETER, np.full(len(stations) - 2, SCIATIC_DIAMETER), TIBIAL_DIAMETER[0] + 2.0]
    sciatic = through(stations, diameters, samples=240)

    calf_z = 0.5 * (crease + frame.ankle[2])
    ankle_z = frame.ankle[2] + 20.0
    tibial = through(np.array([division, at(crease, back, DIVISION_DEPTH + 5.0),
                             at(calf_z, (-0.3 * side, -1.0), CALF_DEPTH),
                             at(ankle_z, (-side, -1.0), 12.0)]),  # behind the medial malleolus
                   np.array([TIBIAL_DIAMETER[0], TIBIAL_DIAMETER[0], 0.5 * sum(TIBIAL_DIAMETER), TIBIAL_DIAMETER[1]]))

    neck_z = frame.knee[2] - FIBULAR_NECK_BELOW_KNEE
    branch = at(neck_z - 12.0, (side, 0.5), 10.0)
    common = through(np.array([division, at(crease + 15.0, (side, -1.0), 15.0),  # along biceps femoris
                             at(neck_z, (side, -0.5), FIBULAR_NECK_DEPTH), branch]),
                   np.array([COMMON_FIBULAR_DIAMETER[0], COMMON_FIBULAR_DIAMETER[0], COMMON_FIBULAR_DIAMETER[1],
                             COMMON_FIBULAR_DIAMETER[1]]))

    web_xy = 0.5 * (frame.toe1[:2] + frame.toe2[:2])
    web = np.array([*web_xy, surface_below(skin, *web_xy, frame.ankle[2]) - WEB_SPACE_DEPTH])
    deep = through(np.array([branch, at(calf_z, (0.3 * side, 1.0), ANTERIOR_DEPTH),
                           at(frame.ankle[2] + 80.0, (0.15 * side, 1.0), 15.0), at(ankle_z, front, 10.0), web]),
                 np.full(5, BRANCH_DIAMETER))

    dorsum_xy = np.array([0.5 * (frame.ankle[0] + web_xy[0]), 0.5 * (frame.ankle[1] + web_xy[1]) + 20.0])
    dorsum = np.array([*dorsum_xy, surface_below(skin, *dorsum_xy, frame.ankle[2]) - SUBCUTANEOUS])
    superficial = through(np.array([branch, at(calf_z, lateral, LATERAL_DEPTH),
                                  at(frame.ankle[2] + 120.0, (side, 0.75), SUBCUTANEOUS),  # through the fascia
                                  at(ankle_z, (0.6 * side, 1.0), SUBCUTANEOUS), dorsum]),
                        np.full(5, BRANCH_DIAMETER))
    l4_branch = through([l4_end, 0.5 * (l4_end + junction) + [0.0, 3.0, 0.0], junction], np.full(3, TRUNK_DIAMETER))
    leg = {"tibial_nerve": tibial, "common_fibular_nerve": common, "deep_fibular_nerve": deep,
           "superficial_fibular_nerve": superficial}
    return {"lumbosacral_trunk": trunk, "lumbosacral_trunk_l4": l4_branch,
            "sciatic_nerve": kept_under(sciatic, skin)} | {name: kept_under(path, skin) for name, path in leg.items()}

def first_hit(mesh: pv.PolyData, start: np.ndarray, direction: np.ndarray, reach: float = 300.0) -> np.ndarray | None:
    """Where a ray from `start` first meets the surface (the nearest of its hits; VTK lists them unordered)."""
    start = np.asarray(start, float)
    hits, _ = mesh.ray_trace(start, start + reach * np.asarray(direction, float))
    if not len(hits):
        return None
    hits = np.asarray(hits, float).reshape(-1, 3)
    return hits[np.argmin(np.linalg.norm(hits - start, axis=1))]


ALA_CLEARANCE = 6.0  # mm in front of the bone: the trunk lies on the ala with the iliolumbar vessels; modelling choice
ALA_DROP = 30.0  # mm below the L5 root's end where the trunk crosses the ala's front; modelling choice


ISCHIUM_DROP = -5.0  # mm below the acetabular centre (here above it): where the nerve, out of the greater
# sciatic foramen, lies on the back of the acetabulum's posterior column; modelling choice
ISCHIUM_CLEARANCE = 12.0  # mm behind its posterior surface (the short external rotators lie between); modelling choice


def pelvic_stations(side: float, hip_bone: pv.PolyData, sacrum: pv.PolyData, acetabulum: np.ndarray,
                    trunk_start: np.ndarray) -> dict[str, np.ndarray]:
    """Where the trunk crosses the front of the ala, the back of the ischium behind the acetabulum (the
    nerve's way out of the pelvis, through the greater sciatic foramen, lies between the two) and the ischial
    tuberosity, found on the bone of one side."""
    z = trunk_start[2] - ALA_DROP
    bone = sacrum.merge(hip_bone)
    front = first_hit(bone, np.array([trunk_start[0], 150.0, z]), (0.0, -1.0, 0.0))
    ala = (front if front is not None else np.array([trunk_start[0], trunk_start[1], z])) + [0.0, ALA_CLEARANCE, 0.0]
    points = np.asarray(hip_bone.points)
    behind = points[points[:, 1] < acetabulum[1]]
    tuberosity = behind[np.argmin(behind[:, 2])]
    ischium_z = acetabulum[2] - ISCHIUM_DROP
    hits = (first_hit(hip_bone, np.array([acetabulum[0] - side * inward, -250.0, ischium_z]), (0.0, 1.0, 0.0))
            for inward in np.arange(0.0, 42.0, 3.0))  # the outermost column of bone behind the acetabulum
    back = next((h for h in hits if h is not None), None)
    if back is None:
        raise ValueError("no bone behind the acetabulum: is this a hip bone?")
    ischium = back - [0.0, ISCHIUM_CLEARANCE, 0.0]
    return {"ala": ala, "ischium": ischium, "tuberosity": tuberosity}
