"""Foraminotomy (reference section 2.2): the superior articular process of the bone below is undercut where it
overhangs the foramen, with the foraminal ligamentum flavum, and the exiting root is followed out under the
pedicle, any osteophyte at the exit removed."""

from __future__ import annotations

from l5viz.pathology.procedures import ProcedureType, cut, joint_structures, register, remove_lesions
from l5viz.translatable import QT_TRANSLATE_NOOP

# The bite behind the exiting root: it reaches from SAP_GAP_MM behind the root's back edge to SAP_REACH_MM, so
# the facet's front face recedes that far behind the root, over the root's height and more. Modelling choices;
# a source's safety rule (leave one facet whole, or no more than half of both) is met: the bite takes the tip
# of one superior process only.
SAP_GAP_MM, SAP_REACH_MM = 0.5, 7.0
SAP_CUT_HALF_MM = (6.0, 8.0)  # across the foramen, and up and down its height


class Foraminotomy(ProcedureType):
    name = QT_TRANSLATE_NOOP("Choice", "foraminotomy")
    opens_foramina = True
    stages = ("sap_undercut", "flavum_removed", "exit_cleared")
    view = "foramen"

    def operate(self, engine, proc, done, step) -> None:
        level, side = proc.level_id, proc.side
        tag = f"{level}_{side}"
        if done >= 1:
            edges = engine.root_edges(level, side)
            half = 0.5 * (SAP_REACH_MM - SAP_GAP_MM)
            centre = edges["behind"] - edges["forward"] * (SAP_GAP_MM + half)
            bite = cut(f"foraminotomy_{tag}", centre, [edges["across"], edges["forward"], edges["up"]],
                       (SAP_CUT_HALF_MM[0], half, SAP_CUT_HALF_MM[1]), -edges["forward"])
            engine.carve(step, bite, joint_structures(level, side))
            remove_lesions(step, f"facet_hypertrophy_{tag}", f"recess_facet_hypertrophy_{tag}")
            step.touched.add((level, side))
        if done >= 2:
            step.removed.add(f"ligamentum_flavum_{level}_{side}")
            remove_lesions(step, f"ligamentum_flavum_{tag}", f"recess_ligamentum_flavum_{tag}")
        if done >= 3:
            remove_lesions(step, f"osteophyte_{tag}", f"disc_bulge_{tag}")


register(Foraminotomy())
