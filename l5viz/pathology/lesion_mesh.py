"""The one mesh every lesion is drawn with (a unit sphere) and every implant (a unit cylinder), placed and shaped
by the lesion's or the implant's matrix."""

import numpy as np
import pyvista as pv

UNIT_SPHERE = pv.Icosphere(radius=1.0, nsub=3)  # 1280 triangles


def unit_cylinder(around: int = 32, along: int = 12) -> pv.PolyData:
    """A closed cylinder of radius 1 and height 1 along z, centred on the origin: rings of `around` points at
    `along` + 1 heights (so a slab cutting a long implant across still finds its surface near the cut, where
    its labels are placed), and its two ends capped by fans from their centres."""
    theta = np.linspace(0.0, 2.0 * np.pi, around, endpoint=False)
    heights = np.linspace(-0.5, 0.5, along + 1)
    rings = np.array([[np.cos(t), np.sin(t), z] for z in heights for t in theta])
    points = np.vstack([rings, [[0.0, 0.0, -0.5], [0.0, 0.0, 0.5]]])
    bottom, top = len(rings), len(rings) + 1
    k = np.arange(around)
    faces = []
    for level in range(along):
        a, b = level * around + k, level * around + (k + 1) % around
        c, d = a + around, b + around
        faces += [np.column_stack([a, b, d]), np.column_stack([a, d, c])]
    faces += [np.column_stack([np.full(around, bottom), (k + 1) % around, k]),
              np.column_stack([np.full(around, top), along * around + k, along * around + (k + 1) % around])]
    triangles = np.vstack(faces)
    return pv.PolyData(points, np.hstack([np.full((len(triangles), 1), 3), triangles]).ravel())


UNIT_CYLINDER = unit_cylinder()


def lesion_mesh(matrix: np.ndarray, unit: pv.PolyData = UNIT_SPHERE) -> pv.PolyData:
    """A lesion's surface (or an implant's, from the unit cylinder) placed by its matrix."""
    return unit.transform(matrix, inplace=False)
