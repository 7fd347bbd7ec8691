"""Laminectomy for central canal stenosis (reference section 2.3): the lower arch of the vertebra above the disc
(laminae and the spinous process) and the top of the laminae below come off, both ligamenta flava are removed,
and the medial facets are undercut on both sides. The model decompresses one level: the lower part of the upper
arch and the upper edge of the lower one, as a decompression of that disc's level takes them; a full
laminectomy takes the whole lamina and spinous process."""

from __future__ import annotations

import dataclasses

from l5viz.anatomy.geometry import SIDES
from l5viz.pathology.procedures import (
    ProcedureType,
    joint_structures,
    lamina_edge_cut,
    medial_facet_cut,
    register,
    remove_lesions,
)

UPPER_ARCH_MM, LOWER_ARCH_MM = 14.0, 4.0  # how high the bites reach into each arch; modelling choices
MEDIAL_FACET_MM = 3.0  # undercut, not removed: most of each joint stays (modelling choice)


class Laminectomy(ProcedureType):
    name = "laminectomy"
    sided = False
    stages = ("laminae_removed", "flava_removed", "facets_undercut")
    view = "axial"

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
                engine.carve(step, medial_facet_cut(engine, level, side, MEDIAL_FACET_MM),
                             joint_structures(level, side))
                step.touched.add((level, side))
            remove_lesions(step, f"central_facet_hypertrophy_{level}", f"recess_facet_hypertrophy_{level}")
            # Nothing holds the roots from behind here now: the disc's bulge, which stays, moves them back as
            # far as the walls that are left allow instead of flattening them (Engine.displace_root).
            step.lesions[:] = [dataclasses.replace(lesion, displaces=True)
                               if lesion.lesion_id.startswith(f"central_bulge_{level}") else lesion
                               for lesion in step.lesions]


register(Laminectomy())
