"""Laminectomy for central canal stenosis (reference section 2.3): the lower arch of the vertebra above the disc
(laminae and the spinous process) and the top of the laminae below come off, both ligamenta flava are removed,
and the medial facets are undercut on both sides. The model decompresses one level: the lower part of the upper
arch and the upper edge of the lower one, as a decompression of that disc's level takes them; a full
laminectomy takes the whole lamina and spinous process."""

from __future__ import annotations

import dataclasses

from l5viz.anatomy.geometry import SIDES
from l5viz.pathology.procedures import ProcedureType, lamina_edge_cut, register, remove_lesions, undercut_medial_facet
from l5viz.translatable import QT_TRANSLATE_NOOP

UPPER_ARCH_MM, LOWER_ARCH_MM = 14.0, 4.0  # how high the bites reach into each arch; modelling choices


class Laminectomy(ProcedureType):
    name = QT_TRANSLATE_NOOP("Choice", "laminectomy")
    sided = False
    stages = ("laminae_removed", "flava_removed", "facets_undercut")
    view = "axial"
    levels = ("L4-L5",)  # its lower bite is placed in the frame of the vertebra below, and below L5-S1 is the sacrum

    def operate(self, engine, proc, done, step) -> None:
        level = proc.level_id
        if done >= 1:
            for upper, reach in ((True, UPPER_ARCH_MM), (False, LOWER_ARCH_MM)):
                bone, bite = lamina_edge_cut(engine, level, None, upper=upper, reach_mm=reach)
                engine.carve(step, bite, (bone,))
        if done >= 2:
            step.removed.update(f"ligamentum_flavum_{level}_{side}" for side in SIDES)
            remove_lesions(step, f"central_ligamentum_flavum_{level}", f"recess_ligamentum_flavum_{level}")
        if done >= 3:
            for side in SIDES:
                undercut_medial_facet(engine, step, level, side)
            remove_lesions(step, f"central_facet_hypertrophy_{level}", f"recess_facet_hypertrophy_{level}")
            # Nothing holds the roots from behind here now: the disc's bulge, which stays, moves them back as
            # far as the walls that are left allow instead of flattening them (Engine.displace_root).
            step.lesions[:] = [dataclasses.replace(lesion, displaces=True)
                               if lesion.lesion_id.startswith(f"central_bulge_{level}") else lesion
                               for lesion in step.lesions]


register(Laminectomy())
