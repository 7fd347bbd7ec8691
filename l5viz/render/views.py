"""Names of the camera presets, importable without VTK (the CLI's argument parser needs them).

Slab views: an axial slab through each teaching level's disc, and at each foramen a sagittal slab and an
oblique 3D close-up (`foramen-`). Names are generated from the teaching levels, so a new level brings its
views with it.
"""

from l5viz.anatomy.ids import LEVELS, SIDES

STANDARD_VIEWS = ("anterior", "posterior", "left", "right")
SLAB_MM = 4.0  # slab thickness: axial T2 TSE slices of 4 mm (imaging-reference.md, sequence table, [R37] V)


def dashed(level: str) -> str:
    """"L4_L5" -> "L4-L5", as view names and radiology reports write a level."""
    return level.replace("_", "-")


AXIAL_VIEWS = tuple(f"axial-{dashed(lv)}" for lv in LEVELS)
FORAMEN_VIEWS = tuple(f"foramen-{dashed(lv)}-{side}" for lv in LEVELS for side in SIDES)
SAGITTAL_VIEWS = tuple(f"sagittal-{dashed(lv)}-{side}" for lv in LEVELS for side in SIDES)
# A close-up from behind and a little above a level's interlaminar window, as the surgeon sees it with the patient
# prone: where a laminotomy, a laminectomy or pedicle screws are shown.
POSTERIOR_VIEWS = tuple(f"posterior-{dashed(lv)}" for lv in LEVELS)
# The midline sagittal slab through the lower lumbar bodies and the canal: where a slip is read (Meyerding measured
# it on the lateral radiograph) and the sac is seen from the side.
MIDSAGITTAL_VIEW = "sagittal-midline"
VIEWS = STANDARD_VIEWS + AXIAL_VIEWS + FORAMEN_VIEWS + SAGITTAL_VIEWS + POSTERIOR_VIEWS + (MIDSAGITTAL_VIEW, "reset")
SLAB_VIEWS = AXIAL_VIEWS + SAGITTAL_VIEWS + (MIDSAGITTAL_VIEW,)


def short_level(level: str) -> str:
    """"L4_L5" -> "L4-5", "L5_S1" -> "L5-S1": the level as a title says it."""
    upper, lower = level.split("_")
    return f"{upper}-{lower[1:]}" if upper[0] == lower[0] else f"{upper}-{lower}"


VIEW_TITLES = {"anterior": "Anterior", "posterior": "Posterior", "left": "Left lateral", "right": "Right lateral",
               "reset": "Overview", MIDSAGITTAL_VIEW: "Midline sagittal"}
VIEW_TITLES |= {f"axial-{dashed(lv)}": f"Axial at {short_level(lv)}" for lv in LEVELS}
VIEW_TITLES |= {f"foramen-{dashed(lv)}-{s}": f"{s.capitalize()} {short_level(lv)} foramen" for lv in LEVELS
                for s in SIDES}
VIEW_TITLES |= {f"sagittal-{dashed(lv)}-{s}": f"{s.capitalize()} {short_level(lv)} sagittal" for lv in LEVELS
                for s in SIDES}
VIEW_TITLES |= {f"posterior-{dashed(lv)}": f"{short_level(lv)} from behind (close-up)" for lv in LEVELS}


def view_level(name: str) -> str:
    """The level a slab or foramen view is at: "sagittal-L5-S1-left" -> "L5_S1"."""
    parts = name.split("-")
    return f"{parts[1]}_{parts[2]}"


def view_side(name: str) -> str:
    return name.rsplit("-", 1)[1]


# Views of the body pane: the whole body (skin see-through, the spine and the nerve path inside), the back
# and buttocks, and the legs.
BODY_VIEWS = ("body", "body-back", "leg-anterior", "leg-posterior", "leg-lateral-left", "leg-lateral-right",
              "leg-feet")
BODY_VIEW_TITLES = {"body": "Whole body", "body-back": "Back and buttocks", "leg-anterior": "Legs from the front",
                    "leg-posterior": "Legs from behind", "leg-lateral-left": "Left leg, outer side",
                    "leg-lateral-right": "Right leg, outer side", "leg-feet": "Feet"}
ALL_VIEWS = VIEWS + BODY_VIEWS
LAYOUTS = ("spine", "leg", "spine+leg")  # "leg": the body pane alone (its name from the days of a leg model)
BODY_VARIANTS = ("male", "female")  # meshes/body_manifest.json "variants"; the manifest names the default
