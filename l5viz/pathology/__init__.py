"""Pathology overlays as real geometry: herniations and foraminal stenosis deform the baked anatomy."""
