"""Conservative care and natural history: a herniation regresses with time, more often and further by type.

Chiu 2015 (systematic review): spontaneous regression in 96 % of sequestrations, 70 % of extrusions, 41 % of
protrusions and 13 % of bulges. The model draws the average over patients: a herniation of size s after t weeks
is s (1 - p (1 - exp(-t / tau))), p the type's regression rate, as if each that regresses went (a modelling
choice: Chiu found complete resolution in 43 % of sequestrations and 15 % of extrusions, so many regress only
in part, and this is the upper bound of the average). tau = 13 weeks puts 95 % of the change within 9 months,
as imaging resolution of sequestrations came at about 9.3 months (Macki 2014); a modelling choice.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from l5viz.pathology.kinds.herniation import Herniation
from l5viz.pathology.procedures import ProcedureType, register
from l5viz.translatable import QT_TRANSLATE_NOOP

REGRESSION_RATE = {"sequestration": 0.96, "extrusion": 0.70, "protrusion": 0.41, "bulge": 0.13}  # Chiu 2015
TIME_CONSTANT_WEEKS = 13.0  # modelling choice (see above)


def size_after(severity: float, hernia_type: str, weeks: float) -> float:
    return severity * (1.0 - REGRESSION_RATE[hernia_type] * (1.0 - np.exp(-weeks / TIME_CONSTANT_WEEKS)))


class Conservative(ProcedureType):
    name = QT_TRANSLATE_NOOP("Choice", "conservative")
    sided = False
    view = "axial"

    def revise(self, proc, done, specs):
        return [dataclasses.replace(s, severity=round(size_after(s.severity, s.type, proc.weeks), 4))
                if isinstance(s, Herniation) and s.level == proc.level else s for s in specs]


register(Conservative())
