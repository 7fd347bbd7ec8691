"""Structure ids shared by the meshes, annotations, scene state and CLI: the one list, defined here only.

The spine's structures (SPINE_STRUCTURES) have meshes in meshes/manifest.json; the nerves of the path to the
foot (PATH_NERVES) in meshes/body_manifest.json, fitted to the body round that spine.

Levels: every disc of the imported spine (L1-L2 ... L5-S1); the teaching levels L3-L4 ... L5-S1 are those
with soft tissue, roots and overlays. `annotations/structures.json` gives each id its display record
(kind, colour, group, visibility); a test keeps the two in step.
"""

from l5viz.translatable import QT_TRANSLATE_NOOP

SIDES = ("left", "right")
DISC_LEVELS = ("L1_L2", "L2_L3", "L3_L4", "L4_L5", "L5_S1")
LEVELS = ("L3_L4", "L4_L5", "L5_S1")  # teaching levels: soft tissue, lesions, foraminal figures
ROOT_LEVELS = ("L3", "L4", "L5", "S1")  # roots modelled in 3D, each with clinical content (clinical/roots.json)


def exiting_root(level_id: str) -> str:
    """The root that leaves through a level's foramen, numbered for the vertebra above ("L5_S1" -> "L5")."""
    return level_id.split("_")[0]


def traversing_root(level_id: str) -> str:
    """The root that runs past a level's disc in the lateral recess to leave one level lower ("L4_L5" -> "L5")."""
    return level_id.split("_")[1]


def per_side(prefix: str, levels) -> tuple[str, ...]:
    return tuple(f"{prefix}_{lv}_{s}" for lv in levels for s in SIDES)


BONES = tuple(f"vertebra_L{i}" for i in range(1, 6)) + ("sacrum", "hip_bone_left", "hip_bone_right")
DISCS = tuple(f"disc_{lv}" for lv in DISC_LEVELS) + tuple(f"nucleus_{lv}" for lv in DISC_LEVELS)
FACETS = per_side("facet_cartilage", DISC_LEVELS)
NEURAL = ("thecal_sac",) + per_side("root", ROOT_LEVELS) + per_side("drg", ROOT_LEVELS)
SOFT = (per_side("ligamentum_flavum", LEVELS) + ("posterior_longitudinal_ligament",)
        + per_side("facet_capsule", LEVELS) + ("epidural_fat",) + per_side("foraminal_fat", LEVELS))
MUSCLES = tuple(f"{m}_{s}" for m in ("psoas_major", "multifidus", "erector_spinae") for s in SIDES)
SPINE_STRUCTURES = BONES + DISCS + FACETS + NEURAL + SOFT + MUSCLES
PATH_NERVE_NAMES = ("lumbosacral_trunk", "sciatic_nerve", "tibial_nerve", "common_fibular_nerve", "deep_fibular_nerve",
                    "superficial_fibular_nerve")  # from the L5 root to the foot, each starting where its parent ends
PATH_NERVES = tuple(f"{name}_{s}" for name in PATH_NERVE_NAMES for s in SIDES)
ALL_STRUCTURES = SPINE_STRUCTURES + PATH_NERVES
# A label id beside the structures': the lesions, each named as a report names it, and the bone parts they press
# the roots against (a lesson step or a figure that chooses its labels asks for them by this id).
LESION_LABELS = "lesions"
LABEL_IDS = ALL_STRUCTURES + (LESION_LABELS,)

# Vocabularies of the display records in annotations/structures.json (its schema's enums are tested against these).
KINDS = ("bone", "disc", "nucleus", "cartilage", "capsule", "ligament", "fat", "sac", "root", "ganglion", "nerve",
         "muscle")
# The structure tree's groups, in its order; the tree shows each in the window's language (context "Groups").
GROUPS = (QT_TRANSLATE_NOOP("Groups", "Bones"), QT_TRANSLATE_NOOP("Groups", "Discs"),
          QT_TRANSLATE_NOOP("Groups", "Joints"), QT_TRANSLATE_NOOP("Groups", "Ligaments"),
          QT_TRANSLATE_NOOP("Groups", "Fat"), QT_TRANSLATE_NOOP("Groups", "Muscles"),
          QT_TRANSLATE_NOOP("Groups", "Neural"), QT_TRANSLATE_NOOP("Groups", "Nerves to the foot"))
COMPRESSIBLE_KINDS = ("sac", "root", "ganglion")  # drawn with a compression colour scale
