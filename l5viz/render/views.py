"""Names of the camera presets, importable without VTK (the CLI's argument parser needs them).

Slab views: an axial slab through each teaching level's disc, and at each foramen a sagittal slab and an
oblique 3D close-up (`foramen-`). Names are generated from the teaching levels, so a new level brings its
views with it.
"""

from l5viz.anatomy.ids import LEVELS, SIDES
from l5viz.translatable import QT_TRANSLATE_NOOP

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


# Each preset's title as a marked template and its level: a translation may put the level where its language does.
_TITLE_FORMS = {name: (title, {}) for name, title in (
    ("anterior", QT_TRANSLATE_NOOP("Views", "Anterior")), ("posterior", QT_TRANSLATE_NOOP("Views", "Posterior")),
    ("left", QT_TRANSLATE_NOOP("Views", "Left lateral")), ("right", QT_TRANSLATE_NOOP("Views", "Right lateral")),
    ("reset", QT_TRANSLATE_NOOP("Views", "Overview")),
    (MIDSAGITTAL_VIEW, QT_TRANSLATE_NOOP("Views", "Midline sagittal")))}
_TITLE_FORMS |= {f"axial-{dashed(lv)}": (QT_TRANSLATE_NOOP("Views", "Axial at {level}"), {"level": short_level(lv)})
                 for lv in LEVELS}
_SIDED_FORMS = {"foramen": {"left": QT_TRANSLATE_NOOP("Views", "Left {level} foramen"),
                            "right": QT_TRANSLATE_NOOP("Views", "Right {level} foramen")},
                "sagittal": {"left": QT_TRANSLATE_NOOP("Views", "Left {level} sagittal"),
                             "right": QT_TRANSLATE_NOOP("Views", "Right {level} sagittal")}}
_TITLE_FORMS |= {f"{view}-{dashed(lv)}-{s}": (forms[s], {"level": short_level(lv)})
                 for view, forms in _SIDED_FORMS.items() for lv in LEVELS for s in SIDES}
_TITLE_FORMS |= {f"posterior-{dashed(lv)}": (QT_TRANSLATE_NOOP("Views", "{level} from behind (close-up)"),
                                             {"level": short_level(lv)}) for lv in LEVELS}


def view_title(name: str, translate=lambda text: text) -> str:
    """A camera preset's title ("Left L5-S1 foramen"); `translate` turns its marked template into the reader's
    language (the window passes Qt's, for the "Views" context)."""
    template, fields = _TITLE_FORMS[name]
    return translate(template).format(**fields)


VIEW_TITLES = {name: view_title(name) for name in _TITLE_FORMS}


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
BODY_VIEW_TITLES = {"body": QT_TRANSLATE_NOOP("Views", "Whole body"),
                    "body-back": QT_TRANSLATE_NOOP("Views", "Back and buttocks"),
                    "leg-anterior": QT_TRANSLATE_NOOP("Views", "Legs from the front"),
                    "leg-posterior": QT_TRANSLATE_NOOP("Views", "Legs from behind"),
                    "leg-lateral-left": QT_TRANSLATE_NOOP("Views", "Left leg, outer side"),
                    "leg-lateral-right": QT_TRANSLATE_NOOP("Views", "Right leg, outer side"),
                    "leg-feet": QT_TRANSLATE_NOOP("Views", "Feet")}
ALL_VIEWS = VIEWS + BODY_VIEWS
LAYOUTS = ("spine", "leg", "spine+leg")  # "leg": the body pane alone (its name from the days of a leg model)
BODY_VARIANTS = ("male", "female")  # meshes/body_manifest.json "variants"; the manifest names the default
