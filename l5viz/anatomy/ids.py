"""Structure ids shared by the meshes, annotations, scene state and CLI (issue 2 fixes these names)."""

LEVELS = ("L3_L4", "L4_L5", "L5_S1")
SIDES = ("left", "right")
ROOT_LEVELS = ("L4", "L5", "S1")

BONES = ("vertebra_L3", "vertebra_L4", "vertebra_L5", "sacrum")
DISCS = tuple(f"disc_{lv}" for lv in LEVELS) + tuple(f"nucleus_{lv}" for lv in LEVELS)
NEURAL = (
    ("thecal_sac",)
    + tuple(f"root_{r}_{s}" for r in ROOT_LEVELS for s in SIDES)
    + tuple(f"drg_{r}_{s}" for r in ROOT_LEVELS for s in SIDES)
)
ALL_STRUCTURES = BONES + DISCS + NEURAL

GROUPS = {"Bones": BONES, "Discs": DISCS, "Neural": NEURAL}


def group_of(structure_id: str) -> str:
    """Name of the tree group ("Bones", "Discs", "Neural") a structure belongs to."""
    for group, members in GROUPS.items():
        if structure_id in members:
            return group
    raise KeyError(f"unknown structure id {structure_id!r}; valid ids: {', '.join(ALL_STRUCTURES)}")
