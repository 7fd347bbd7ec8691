"""The scenario layer, 3D Slicer's Logic: between the scene state and everything that shows it. No Qt, no VTK.

It owns the pathology engine and the clinical reasoning. On every change of the overlays it publishes one
ScenarioResult: the deformed geometry and per-vertex compression (PathologyResult), each root's intensity
and the correlation (reasoned, like the figures it quotes, when first read). The spine and body views, the
panels, the exports and the bedside texts all read that one result, so none of them measures anything of
its own.

Listener order does not matter. `current()` evaluates once per distinct set of overlays and hands every
caller the same result object. Whichever listener asks first, the state's or the scenario's, gets it; a
listener that has drawn that object already can skip it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from l5viz.clinical.correlation import Correlation, correlate, root_intensities
from l5viz.pathology.engine import PathologyEngine, PathologyResult
from l5viz.pathology.kinds import Overlays, kind_of
from l5viz.state import Change, SceneState


@dataclass(frozen=True)
class ScenarioResult:
    """What the overlays do, published once per change. `pathology` is None before the first overlay (the
    engine is built then) or when the meshes lack what the overlays need (`available` False)."""

    overlays: Overlays = Overlays()
    pathology: PathologyResult | None = None
    intensities: dict[tuple[str, str], float] = field(default_factory=dict)  # (root, side) -> 0-1
    available: bool = True
    content: dict[str, dict | None] = field(default_factory=dict, repr=False, compare=False)  # what reasons quote
    # The scene without its treatments, evaluated when an outcome is first read (None: no engine).
    untreated: Callable[[], PathologyResult] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def correlation(self) -> Correlation | None:
        """Reasoned on first use, like the figures it quotes (PathologyResult): a slider step draws without it."""
        return correlate(self.pathology, self.overlays, self.content) if self.pathology is not None else None

    @cached_property
    def outcomes(self) -> dict[str, dict]:
        """Per treatment in the overlays ("procedure:fusion:L5-S1"): what it changed, measured on the scene
        without it and with it (report.json's before and after)."""
        treatments = [spec for spec in self.overlays if kind_of(spec).treatment]
        if not treatments or self.pathology is None or self.untreated is None:
            return {}
        before = self.untreated()
        return {f"{kind_of(spec).name}:{spec.to_text()}": kind_of(spec).outcome(spec, before, self.pathology)
                for spec in treatments}

    @property
    def active(self) -> bool:
        return bool(self.overlays)


ResultListener = Callable[[ScenarioResult], None]


class Scenario:
    """Evaluates the state's overlays with the engine and tells its listeners the result."""

    def __init__(self, state: SceneState, engine_factory: Callable[[], PathologyEngine | None],
                 content: dict[str, dict | None] | None = None, lazy: bool = True):
        """`engine_factory` builds the engine (None when the meshes cannot support it): on the first overlay
        when `lazy` (the window starts faster), else at once, so the healthy scene is measured too (exports).
        `content`: the loaded annotations/clinical files the correlation quotes (empty: no reasons)."""
        self.state = state
        self.lazy = lazy
        self.content = content or {}
        self._engine_factory = engine_factory
        self._engine: PathologyEngine | None = None
        self._engine_missing = False
        self._key: str | None = None
        self._result = ScenarioResult()
        self._listeners: list[ResultListener] = []
        state.connect(self._on_change)

    def connect(self, listener: ResultListener) -> None:
        self._listeners.append(listener)

    def disconnect(self, listener: ResultListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @property
    def engine(self) -> PathologyEngine | None:
        """Built on first use; None when meshes the overlays need could not be loaded."""
        if self._engine is None and not self._engine_missing:
            self._engine = self._engine_factory()
            self._engine_missing = self._engine is None
        return self._engine

    def current(self) -> ScenarioResult:
        """The result for the state's overlays now (evaluated once per distinct overlays)."""
        key = json.dumps(self.state.overlays, sort_keys=True)
        if key != self._key:
            self._key = key
            self._result = self._evaluate()
        return self._result

    def _evaluate(self) -> ScenarioResult:
        overlays = Overlays.from_state(self.state.overlays)
        if not overlays and self._engine is None and self.lazy:
            return ScenarioResult()  # nothing to show and nothing to undo: the engine need not be built
        if self.engine is None:
            return ScenarioResult(overlays, available=False)
        engine = self.engine
        pathology = engine.evaluate(overlays)
        untreated = Overlays.of_specs(spec for spec in overlays if not kind_of(spec).treatment)
        return ScenarioResult(overlays, pathology, root_intensities(pathology), content=self.content,
                              untreated=lambda: engine.evaluate(untreated))

    def _on_change(self, change: Change) -> None:
        if change.kind not in ("overlays", "reset"):
            return
        before = self._result
        result = self.current()
        if result is not before:
            for listener in list(self._listeners):
                listener(result)
