"""Synthetic MRI and CT computed from the model itself, so every slice matches the 3D scene (no Qt, no VTK).

config: imaging.json's tissues, protocols and series; voxels: which slab samples lie inside a mesh;
tissue: the scene as labelled tissue; series: where each slice lies and how it is oriented; formation:
MR and CT pixels as a scanner makes them; logic: slices of the current result, at once or in the
background; dicom and picture: what is written out.
"""
