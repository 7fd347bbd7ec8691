"""Names of the camera presets, importable without VTK (the CLI's argument parser needs them)."""

VIEWS = ("anterior", "posterior", "left", "right", "axial-L4-L5", "axial-L5-S1",
         "foramen-L5-S1-left", "foramen-L5-S1-right", "sagittal-L5-S1-left", "sagittal-L5-S1-right", "reset")
VIEW_TITLES = {
    "anterior": "Anterior", "posterior": "Posterior", "left": "Left lateral", "right": "Right lateral",
    "axial-L4-L5": "Axial at L4-5", "axial-L5-S1": "Axial at L5-S1",
    "foramen-L5-S1-left": "Left L5-S1 foramen", "foramen-L5-S1-right": "Right L5-S1 foramen",
    "sagittal-L5-S1-left": "Left L5-S1 sagittal", "sagittal-L5-S1-right": "Right L5-S1 sagittal",
    "reset": "Overview",
}

LEG_VIEWS = ("leg-anterior", "leg-posterior", "leg-lateral-left", "leg-lateral-right", "leg-feet")
LEG_VIEW_TITLES = {"leg-anterior": "Legs from the front", "leg-posterior": "Legs from behind",
                   "leg-lateral-left": "Left leg, outer side", "leg-lateral-right": "Right leg, outer side",
                   "leg-feet": "Feet"}
ALL_VIEWS = VIEWS + LEG_VIEWS
LAYOUTS = ("spine", "leg", "spine+leg")
