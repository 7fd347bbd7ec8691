"""The one mesh every lesion is drawn with: a unit sphere, placed and shaped by the lesion's matrix."""

import numpy as np
import pyvista as pv

UNIT_SPHERE = pv.Icosphere(radius=1.0, nsub=3)  # 1280 triangles


def lesion_mesh(matrix: np.ndarray) -> pv.PolyData:
    return UNIT_SPHERE.transform(matrix, inplace=False)
