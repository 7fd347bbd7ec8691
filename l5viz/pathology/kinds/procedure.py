"""Procedures (treatment) as one lesion kind: the spec's first field names the procedure type, a plug-in of
l5viz.pathology.procedures, and its progress (0-1) how many of the type's stages are done, so the window can
play a procedure step by step and a slider can scrub it. Stage 3: a procedure operates on the scene the
lesions made. Content: annotations/clinical/procedure.json (each type's stages, what it does, the evidence).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from l5viz.pathology.kinds import LesionKind, register
from l5viz.pathology.procedures import outcome, procedure_types
from l5viz.pathology.specs import SIDES, Field, LesionSpec
from l5viz.translatable import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from l5viz.content.documents import Problem
    from l5viz.pathology.engine import PathologyEngine, Step

TYPES = tuple(procedure_types())
SIDED = tuple(name for name, t in procedure_types().items() if t.sided)
STAGED = tuple(name for name, t in procedure_types().items() if t.stages)
TIMED = tuple(name for name, t in procedure_types().items() if not t.stages)  # a time course instead of stages
LEVELS_TEXT = ("L4-L5", "L5-S1")
LIMITED_LEVELS = tuple(("type", name, t.levels) for name, t in procedure_types().items() if t.levels)  # (a laminectomy)
MAX_WEEKS = 52.0


@dataclass(frozen=True)
class Procedure(LesionSpec):
    type: str
    level: str
    side: str | None = None
    weeks: float | None = None  # conservative care: time since the sciatica began
    progress: float = 1.0  # how far through its stages (1: done)

    FIELDS = (
        Field("type", QT_TRANSLATE_NOOP("Field", "Procedure"), TYPES),
        Field("level", QT_TRANSLATE_NOOP("Field", "Level"), LEVELS_TEXT, narrows=LIMITED_LEVELS),
        Field("side", QT_TRANSLATE_NOOP("Field", "Side"), SIDES, when=(("type", SIDED),)),
        Field("weeks", QT_TRANSLATE_NOOP("Field", "Weeks since onset"), low=0.0, high=MAX_WEEKS,
              when=(("type", TIMED),), hint=QT_TRANSLATE_NOOP("Field", "Weeks of conservative care since the sciatica "
                                                                        "began")),
        Field("progress", QT_TRANSLATE_NOOP("Field", "Progress"), low=0.0, high=1.0, default=1.0,
              when=(("type", STAGED),), written=False,
              hint=QT_TRANSLATE_NOOP("Field", "How far through the procedure's steps: 0 before it, 1 done")),
    )
    EXAMPLE = "microdiscectomy:L4-L5:right"

    @property
    def procedure(self):
        return procedure_types()[self.type]

    @property
    def done(self) -> int:
        """How many of its stages are done."""
        return int(self.progress * len(self.procedure.stages) + 1e-9)


class ProcedureKind(LesionKind):
    treatment = True
    played = "progress"

    def steps(self, spec: Procedure) -> tuple[float, ...]:
        """Before it, then each stage done in turn."""
        n = len(spec.procedure.stages)
        return tuple(k / n for k in range(n + 1)) if n else ()

    def outcome(self, spec: Procedure, before, after) -> dict:
        return outcome(before, after, spec)

    def revise(self, specs: list[LesionSpec]) -> list[LesionSpec]:
        for proc in [s for s in specs if isinstance(s, Procedure)]:
            specs = proc.procedure.revise(proc, proc.done, specs)
        return specs

    def deform(self, engine: "PathologyEngine", specs: list[Procedure], step: "Step") -> None:
        for proc in specs:
            proc.procedure.operate(engine, proc, proc.done, step)

    def sides(self, spec: Procedure) -> tuple[str, ...]:
        return spec.procedure.sides(spec)

    def best_view(self, spec: Procedure) -> str:
        return spec.procedure.best_view(spec)

    def check_content(self, data: dict, where: str) -> list["Problem"]:
        """Every type has its entry, with a caption for each of its stages, in order."""
        from l5viz.content.documents import Problem

        problems = []
        for name, kind in procedure_types().items():
            entry = data["procedures"].get(name)
            if entry is None:
                problems.append(Problem(where, f"$.procedures: no entry for {name!r}; types: {', '.join(TYPES)}"))
                continue
            listed = tuple(stage["id"] for stage in entry.get("stages", []))
            if listed != kind.stages:
                problems.append(Problem(where, f"$.procedures.{name}.stages: ids {list(listed)}; the procedure's "
                                               f"stages are {list(kind.stages)}"))
        problems += [Problem(where, f"$.procedures.{name}: no procedure type {name!r}; types: {', '.join(TYPES)}")
                     for name in data["procedures"] if name not in procedure_types()]
        return problems


register(ProcedureKind("procedure", QT_TRANSLATE_NOOP("LesionKind", "Treatment (procedures, conservative care)"),
                       Procedure, stage=3,
                       default="microdiscectomy:L4-L5:right",
                       help="e.g. microdiscectomy:L4-L5:right, foraminotomy:L5-S1:right, laminectomy:L4-L5, "
                            "fusion:L5-S1, tfesi:L5-S1:right, conservative:L4-L5:12 (weeks)", rank=9))
