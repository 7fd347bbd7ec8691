"""Names of the camera presets, importable without VTK (the CLI's argument parser needs them)."""

VIEWS = ("anterior", "posterior", "left", "right", "axial-L4-L5", "axial-L5-S1",
         "foramen-L5-S1-left", "foramen-L5-S1-right", "reset")
VIEW_TITLES = {
    "anterior": "Anterior", "posterior": "Posterior", "left": "Left lateral", "right": "Right lateral",
    "axial-L4-L5": "Axial at L4-5", "axial-L5-S1": "Axial at L5-S1",
    "foramen-L5-S1-left": "Left L5-S1 foramen", "foramen-L5-S1-right": "Right L5-S1 foramen", "reset": "Overview",
}
