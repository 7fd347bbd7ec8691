"""Named skin points of the lower body: ISNCSCI key sensory points L2-S2, bony landmarks, and the surface
positions of the muscles that tell an L5 root lesion from a fibular nerve lesion.

Each point is found the way an examiner would find it on this body: a ray aimed at the body from a named
direction meets the skin, and the point is snapped to the nearest vertex of the mesh. Rays are set from
the body's SkinFrame for the right side and mirrored for the left.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from l5viz.skin.frame import SkinFrame

ISNCSCI = ["isncsci_2019", "zhang_2017"]
MUSCLE_SOURCES = ["engstrom_deyo_harrison", "bowley_doughty_2019"]
REACH = 400.0  # mm: rays start this far outside the body


@dataclass(frozen=True)
class LandmarkSpec:
    name: str
    kind: str  # isncsci_key_point, surface_landmark, muscle
    definition: str
    sources: tuple[str, ...]
    origin: np.ndarray  # right-side ray start, outside the body
    direction: np.ndarray
    root: str | None = None
    roots: tuple[str, ...] = ()


def _limb_ray(frame: SkinFrame, z: float, angle_deg: float) -> tuple[np.ndarray, np.ndarray]:
    """Ray aimed at the limb's centre at height z from the side at `angle_deg` (0 anterior, 90 lateral)."""
    cx, cy = frame.limb_centre(np.array([z]))[0]
    a = np.radians(angle_deg)
    outward = np.array([np.sin(a), np.cos(a), 0.0])
    return np.array([cx, cy, z]) + REACH * outward, -outward


def landmark_specs(frame: SkinFrame) -> list[LandmarkSpec]:
    knee, ankle, mtp, tip = frame.knee, frame.ankle, frame.mtp, frame.tip
    kz, az, leg_length = knee[2], ankle[2], knee[2] - ankle[2]
    down, lateral_to_medial, medial_to_lateral = np.array([0, 0, -1.0]), np.array([-1.0, 0, 0]), np.array([1.0, 0, 0])
    above_foot = frame.sole_z + REACH
    web = 0.5 * (mtp[0] + mtp[1])  # dorsal skin between the first two metatarsophalangeal joints
    # The inguinal ligament runs from the anterior superior iliac spine to the pubic tubercle; the L2 point lies
    # midway between its midpoint and the medial femoral condyle (ISNCSCI).
    inguinal_mid_z = 0.5 * (frame.asis[2] + frame.pubic_symphysis[2])
    mid_thigh_z = 0.5 * (inguinal_mid_z + kz + 15.0)
    malleolus = ("Medial malleolus", np.array([0.0, ankle[1] + 6.0, az + 4.0]), medial_to_lateral)
    heel = ("Lateral heel (calcaneus)", np.array([ankle[0] + REACH, frame.heel_back_y + 28.0, frame.sole_z + 24.0]),
            lateral_to_medial)
    condyle = ("Medial femoral condyle, just above the knee", np.array([0.0, knee[1], kz + 15.0]), medial_to_lateral)
    popliteal = ("Midpoint of the popliteal fossa", np.array([*frame.limb_centre(np.array([kz + 5.0]))[0], kz + 5.0])
                 - [0.0, REACH, 0.0], np.array([0, 1.0, 0]))
    mtp3 = ("Dorsum of the foot at the third metatarsophalangeal joint",
            np.array([mtp[2, 0], mtp[2, 1], above_foot]), down)
    side_dir = np.array([np.sin(np.radians(105)), np.cos(np.radians(105)), 0.0])
    specs = [
        LandmarkSpec("L2_key_point", "isncsci_key_point",
                     "Mid-anterior thigh: midway between the midpoint of the inguinal ligament and the medial femoral "
                     "condyle", tuple(ISNCSCI), *_limb_ray(frame, mid_thigh_z, 350.0), root="L2"),
        LandmarkSpec("L3_key_point", "isncsci_key_point", condyle[0], tuple(ISNCSCI), *condyle[1:], root="L3"),
        LandmarkSpec("L4_key_point", "isncsci_key_point", malleolus[0], tuple(ISNCSCI), *malleolus[1:], root="L4"),
        LandmarkSpec("L5_key_point", "isncsci_key_point", mtp3[0], tuple(ISNCSCI), *mtp3[1:], root="L5"),
        LandmarkSpec("S1_key_point", "isncsci_key_point", heel[0], tuple(ISNCSCI), *heel[1:], root="S1"),
        LandmarkSpec("S2_key_point", "isncsci_key_point", popliteal[0], tuple(ISNCSCI), *popliteal[1:], root="S2"),
        LandmarkSpec("medial_malleolus", "surface_landmark", malleolus[0], ("fipat_2019",), *malleolus[1:]),
        LandmarkSpec("lateral_malleolus", "surface_landmark", "Lateral malleolus (tip of the fibula)", ("fipat_2019",),
                     np.array([ankle[0] + REACH, ankle[1] - 10.0, az - 10.0]), lateral_to_medial),
        LandmarkSpec("lateral_heel", "surface_landmark", heel[0], ("fipat_2019", "isncsci_2019"), *heel[1:]),
        LandmarkSpec("medial_femoral_condyle", "surface_landmark", condyle[0], ("fipat_2019",), *condyle[1:]),
        LandmarkSpec("popliteal_fossa", "surface_landmark", popliteal[0], ("fipat_2019",), *popliteal[1:]),
        LandmarkSpec("third_mtp_dorsum", "surface_landmark", mtp3[0], ("fipat_2019",), *mtp3[1:]),
        LandmarkSpec("first_web_space", "surface_landmark",
                     "Dorsal skin of the first web space, between the great and second toes: the deep fibular "
                     "nerve's only skin and the classic L5 test site", ("bowley_doughty_2019", "lee_2008"),
                     np.array([web[0], web[1], above_foot]), down),
        LandmarkSpec("great_toe", "surface_landmark", "Dorsum of the great toe over the distal phalanx",
                     ("fipat_2019",), np.array([tip[0, 0], tip[0, 1] - 10.0, above_foot]), down),
        LandmarkSpec("fibular_head", "surface_landmark",
                     "Head of the fibula, where the common fibular nerve winds round the fibular neck",
                     ("fipat_2019", "bowley_doughty_2019"), *_limb_ray(frame, kz - 30.0, 110.0)),
        LandmarkSpec("patella", "surface_landmark", "Front of the patella", ("fipat_2019",),
                     *_limb_ray(frame, kz + 22.0, 0.0)),
        LandmarkSpec("tibialis_anterior", "muscle",
                     "Tibialis anterior belly, upper anterolateral leg just lateral to the shin (ankle dorsiflexion; "
                     "deep fibular nerve, L4-L5)", tuple(MUSCLE_SOURCES), *_limb_ray(frame, kz - 0.3 * leg_length, 30.0),
                     roots=("L4", "L5")),
        LandmarkSpec("extensor_hallucis_longus", "muscle",
                     "Extensor hallucis longus, lower anterior leg between tibialis anterior and extensor digitorum "
                     "longus (great-toe extension, the ISNCSCI L5 key muscle; deep fibular nerve)",
                     tuple(MUSCLE_SOURCES) + ("isncsci_2019",), *_limb_ray(frame, kz - 0.72 * leg_length, 15.0),
                     roots=("L5",)),
        LandmarkSpec("fibularis_longus", "muscle",
                     "Fibularis (peroneus) longus, upper lateral leg (eversion; superficial fibular nerve, L5-S1)",
                     tuple(MUSCLE_SOURCES), *_limb_ray(frame, kz - 0.3 * leg_length, 95.0), roots=("L5", "S1")),
        LandmarkSpec("tibialis_posterior", "muscle",
                     "Tibialis posterior tendon behind the medial malleolus; the muscle lies deep in the calf "
                     "(inversion; tibial nerve, L5): spared in a fibular neuropathy", tuple(MUSCLE_SOURCES),
                     np.array([0.0, ankle[1] - 24.0, az - 6.0]), medial_to_lateral, roots=("L5",)),
        LandmarkSpec("gluteus_medius", "muscle",
                     "Gluteus medius, upper lateral buttock below the iliac crest (hip abduction; superior gluteal "
                     "nerve, L5): spared in a fibular neuropathy", tuple(MUSCLE_SOURCES),
                     np.array([frame.hip[0], frame.hip[1], frame.hip[2] + 70.0]) + REACH * side_dir, -side_dir,
                     roots=("L5",)),
    ]
    return specs


def first_hit(points: np.ndarray, faces: np.ndarray, origin: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """Where the ray first meets the surface (Moller-Trumbore against every triangle)."""
    d = np.asarray(direction, float) / np.linalg.norm(direction)
    a, b, c = points[faces[:, 0]], points[faces[:, 1]], points[faces[:, 2]]
    e1, e2 = b - a, c - a
    h = np.cross(d, e2)
    det = np.einsum("ij,ij->i", e1, h)
    ok = np.abs(det) > 1e-12
    inv = np.where(ok, 1.0 / np.where(ok, det, 1.0), 0.0)
    s = origin - a
    u = inv * np.einsum("ij,ij->i", s, h)
    q = np.cross(s, e1)
    v = inv * (q @ d)
    t = inv * np.einsum("ij,ij->i", e2, q)
    hit = ok & (u >= 0) & (v >= 0) & (u + v <= 1) & (t > 0)
    if not hit.any():
        raise RuntimeError(f"the ray from {origin} along {d} misses the skin")
    return origin + d * t[hit].min()


def first_vertex_on_ray(points: np.ndarray, faces: np.ndarray, origin: np.ndarray, direction: np.ndarray) -> int:
    """The mesh vertex nearest to where the ray first meets the surface."""
    return int(np.argmin(np.linalg.norm(points - first_hit(points, faces, origin, direction), axis=1)))


def mirror(v: np.ndarray) -> np.ndarray:
    return np.asarray(v, float) * [-1.0, 1.0, 1.0]


def locate_landmarks(points: np.ndarray, faces: np.ndarray, frame: SkinFrame) -> dict[str, dict]:
    """Every landmark on both sides, snapped to a mesh vertex: name_side -> entry for annotations/landmarks.json."""
    out = {}
    for spec in landmark_specs(frame):
        for side in ("left", "right"):
            origin, direction = spec.origin, spec.direction
            if side == "left":
                origin, direction = mirror(origin), mirror(direction)
            i = first_vertex_on_ray(points, faces, origin, direction)
            entry = {"position": [round(float(c), 3) for c in points[i]], "vertex": i, "side": side,
                     "kind": spec.kind}
            if spec.root:
                entry["root"] = spec.root
            if spec.roots:
                entry["roots"] = list(spec.roots)
            entry |= {"definition": spec.definition, "sources": list(spec.sources)}
            out[f"{spec.name}_{side}"] = entry
    return out
