"""Interlaminar microdiscectomy (reference section 2.1): a hemilaminotomy widens the interlaminar window on one
side, the ligamentum flavum there is removed, the medial edge of the facet is undercut, the traversing root is
retracted medially, and the herniated fragment alone is removed; the rest of the disc stays."""

from __future__ import annotations

from l5viz.pathology.procedures import ProcedureType, lamina_edge_cut, register, remove_lesions, undercut_medial_facet
from l5viz.translatable import QT_TRANSLATE_NOOP

LAMINOTOMY_MM = 6.0  # how much of the lamina's inferior edge the bite takes; modelling choice
# Through the interlaminar window the model removes disc material in the canal: a central herniation, and a
# subarticular one on the side operated on. Material in the foramen and beyond it is not reached through this
# window (modelling choice).


class Microdiscectomy(ProcedureType):
    name = QT_TRANSLATE_NOOP("Choice", "microdiscectomy")
    stages = ("hemilaminotomy", "flavum_removed", "medial_facet", "root_retracted", "fragment_removed")
    view = "axial"

    def operate(self, engine, proc, done, step) -> None:
        level, side = proc.level_id, proc.side
        if done >= 1:
            bone, bite = lamina_edge_cut(engine, level, side, upper=True, reach_mm=LAMINOTOMY_MM)
            engine.carve(step, bite, (bone,))
        if done >= 2:
            step.removed.add(f"ligamentum_flavum_{level}_{side}")
        if done >= 3:
            undercut_medial_facet(engine, step, level, side)
        if done >= 5:
            remove_lesions(step, f"herniation_{level}_central_", f"herniation_{level}_subarticular_{side}")


register(Microdiscectomy())
