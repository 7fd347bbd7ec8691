"""The one mesh every lesion is drawn with (a unit sphere) and every implant (a unit cylinder), placed and shaped
by the lesion's or the implant's matrix."""

import numpy as np
import pyvista as pv

UNIT_SPHERE = pv.Icosphere(radius=1.0, nsub=3)  # 1280 triangles
UNIT_CYLINDER = pv.Cylinder(center=(0.0, 0.0, 0.0), direction=(0.0, 0.0, 1.0), radius=1.0, height=1.0,
                            resolution=32).triangulate()  # closed: its ends capped


def lesion_mesh(matrix: np.ndarray, unit: pv.PolyData = UNIT_SPHERE) -> pv.PolyData:
    """A lesion's surface (or an implant's, from the unit cylinder) placed by its matrix."""
    return unit.transform(matrix, inplace=False)
