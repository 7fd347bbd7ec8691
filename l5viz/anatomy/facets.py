"""Open each facet joint: the source bones' articular processes run into each other round the cartilage.

In the Visible Human surfaces the inferior articular process of each vertebra and the superior articular
process below it overlap by up to 3.4 mm in a ring round the joint (measured: 100-240 vertices of each bone
inside the other at every joint), so a cut showed the two processes as one mass. Wherever they overlap,
both are moved apart along the joint's normal (the normal of the cartilage's best-fit plane) until
JOINT_GAP separates them, which keeps every other vertex, the mesh's topology and its closedness.

The finite-element cartilage, a plate about 2 mm thick, lay mostly inside the upper process (its median
point 0.9-1.4 mm deep), beside the opened joint line, where a section showed it as a slot in the bone. It
is moved along the normal until its mid-surface lies on the joint line (`centre_plate`; a modelling
choice, the shift is printed by the import), so it bridges the line and overlaps each process by about
half a millimetre; slabs draw it over the bone (`l5viz.render.slab`): bone, cartilage, bone. Lifting the
processes onto the plate's faces instead was tried: it opened a 2-3 mm cleft that a parasagittal section
through the foramen cuts obliquely, and the foramen's outline then ran into the joint (L4-L5 height 17.0
to 19.5 mm).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from scipy.spatial import cKDTree

from l5viz.anatomy.meshing import mesh_sdf

JOINT_GAP = 1.0  # mm left between the two processes where they overlapped (the joint line a CT shows); modelling choice
JOINT_REACH = 10.0  # mm from the cartilage within which vertices may move: the articular processes only (the
# overlap reached 8.2 mm from it, at L3-L4)
PASSES = 12  # each pass moves the vertices half the remaining overlap (less where the normal meets the
# other bone obliquely)


def joint_plane(cartilage: pv.PolyData, upper: pv.PolyData) -> tuple[np.ndarray, np.ndarray]:
    """The cartilage's centre and its plane's normal, pointing towards the upper vertebra's process."""
    points = np.asarray(cartilage.points)
    centre = points.mean(axis=0)
    normal = np.linalg.svd(points - centre)[2][2]
    near = np.asarray(upper.points)[cKDTree(points).query(upper.points)[0] < JOINT_REACH]
    if np.median((near - centre) @ normal) < 0:
        normal = -normal
    return centre, normal


def part_joint(upper: pv.PolyData, lower: pv.PolyData, cartilage: pv.PolyData) -> tuple[pv.PolyData, pv.PolyData]:
    """Copies of the two bones with the joint between their articular processes opened."""
    centre, normal = joint_plane(cartilage, upper)
    upper, lower = upper.copy(), lower.copy()
    plate = cKDTree(cartilage.points)
    for _ in range(PASSES):
        moves = []
        for mesh, other, away in ((upper, lower, normal), (lower, upper, -normal)):
            near = np.flatnonzero(plate.query(mesh.points)[0] < JOINT_REACH)
            overlap = 0.5 * JOINT_GAP - mesh_sdf(other)(mesh.points[near])
            hit = overlap > 0
            moves.append((mesh, near[hit], away * 0.5 * overlap[hit, None]))
        for mesh, index, shift in moves:
            mesh.points[index] += shift
    return upper, lower



def centre_plate(cartilage: pv.PolyData, upper: pv.PolyData, lower: pv.PolyData) -> np.ndarray:
    """The shift (world mm) that puts the cartilage's mid-surface on the joint line between the two opened
    processes: for a point on the joint's normal, half the difference of its distances to the two bones."""
    _, normal = joint_plane(cartilage, upper)
    points = np.asarray(cartilage.points)
    offset = np.median(0.5 * (mesh_sdf(upper)(points) - mesh_sdf(lower)(points)))
    return offset * normal
