"""SceneState: everything l5viz shows, with no Qt and no VTK, emitting one event per change.

The window, the CLI and the tests all edit this object; the render layer listens and updates
existing actors. Modelled on napari's ViewerModel / Slicer's MRML display nodes, at small size.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Callable

from l5viz.anatomy.ids import ALL_STRUCTURES, LESION_LABELS
from l5viz.anatomy.zones import ZONE_SCHEMES

MODES = ("explore", "lecture", "bedside", "study")
DERMATOME_MAPS = ("lee2008", "keegan1948")
# How axial slabs are seen: from the feet, the patient's right on the viewer's left, as every MRI and CT is
# read (the default), or from the head, as an anatomy atlas draws a section.
AXIAL_CONVENTIONS = ("radiological", "anatomical")


@dataclass(frozen=True)
class Change:
    """One state change: `kind` says what changed, `ids` which structures (empty when not per structure)."""

    kind: str  # "visibility", "opacity", "selection", "view", "overlays", "mode", "labels", "highlight",
    # "dermatomes" (map or show-all changed), "imaging" (the synthetic image series or slice shown), "reset"
    ids: tuple[str, ...] = ()


Listener = Callable[[Change], None]


@dataclass
class SceneState:
    """What is visible, selected and overlaid. Mutate only through the methods, which emit events."""

    structures: tuple[str, ...] = ALL_STRUCTURES
    visible: dict[str, bool] = field(default_factory=dict)
    opacity: dict[str, float] = field(default_factory=dict)
    selected: str | None = None
    view: str = "anterior"
    labels: bool = False
    label_ids: tuple[str, ...] = ()  # when labels are on: only these (a lesson step's choice); empty = all
    mode: str = "explore"
    # Overlay specs by lesion kind: {"herniation": [saved spec, ...], ...} (l5viz.pathology.kinds.Overlays)
    overlays: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    dermatome_map: str = "lee2008"  # which published map shades the skin
    show_dermatomes: bool = False  # every dermatome in its colour, with a legend
    highlighted: tuple[str, ...] = ()  # structures lit up from elsewhere (a spot clicked on the skin)
    axial: str = "radiological"  # a viewing preference (AXIAL_CONVENTIONS), not saved with a session
    zones: str = "off"  # the zones drawn over axial slabs (ZONE_SCHEMES), a viewing preference too
    # The synthetic image shown beside the 3D, {"series": "sagittal-t2", "slice": 7} (slice counted from 0), or
    # None when no image is shown. Series ids are data (annotations/imaging.json): the imaging panel checks them.
    imaging: dict[str, Any] | None = None
    _listeners: list[Listener] = field(default_factory=list, repr=False, compare=False)
    # What a lesson step without its own list shows: the visibility the state started with.
    default_visible: dict[str, bool] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.axial not in AXIAL_CONVENTIONS:
            raise ValueError(f"unknown axial convention {self.axial!r}; valid: {', '.join(AXIAL_CONVENTIONS)}")
        if self.zones not in ZONE_SCHEMES:
            raise ValueError(f"unknown zone scheme {self.zones!r}; valid: {', '.join(ZONE_SCHEMES)}")
        for sid in self.structures:
            self.visible.setdefault(sid, True)
            self.opacity.setdefault(sid, 1.0)
        self.default_visible = dict(self.visible)

    # ---- events -------------------------------------------------------------------------
    def connect(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def disconnect(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def _emit(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    def _check_ids(self, ids: tuple[str, ...]) -> None:
        unknown = [i for i in ids if i not in self.structures]
        if unknown:
            raise KeyError(f"unknown structure id(s) {unknown}; valid ids: {', '.join(self.structures)}")

    # ---- mutations (each emits exactly one Change) ------------------------------------------
    def set_visible(self, ids: str | tuple[str, ...] | list[str], visible: bool) -> None:
        ids = (ids,) if isinstance(ids, str) else tuple(ids)
        self._check_ids(ids)
        changed = tuple(i for i in ids if self.visible[i] != visible)
        for i in changed:
            self.visible[i] = visible
        if changed:
            self._emit(Change("visibility", changed))

    def isolate(self, ids: str | tuple[str, ...] | list[str]) -> None:
        """Show only `ids` (one event for the whole swap)."""
        ids = (ids,) if isinstance(ids, str) else tuple(ids)
        self._check_ids(ids)
        changed = tuple(i for i in self.structures if self.visible[i] != (i in ids))
        for i in changed:
            self.visible[i] = i in ids
        if changed:
            self._emit(Change("visibility", changed))

    def show_all(self) -> None:
        self.set_visible(self.structures, True)

    def set_opacity(self, ids: str | tuple[str, ...] | list[str], opacity: float) -> None:
        ids = (ids,) if isinstance(ids, str) else tuple(ids)
        self._check_ids(ids)
        if not 0.0 <= opacity <= 1.0:
            raise ValueError(f"opacity {opacity} out of range; valid: 0.0 to 1.0")
        changed = tuple(i for i in ids if self.opacity[i] != opacity)
        for i in changed:
            self.opacity[i] = opacity
        if changed:
            self._emit(Change("opacity", changed))

    def select(self, structure_id: str | None) -> None:
        if structure_id is not None:
            self._check_ids((structure_id,))
        if structure_id != self.selected:
            previous = self.selected
            self.selected = structure_id
            self._emit(Change("selection", tuple(i for i in (previous, structure_id) if i)))

    def set_view(self, view: str) -> None:
        """Name of a camera preset; the render layer knows the valid names and validates them."""
        self.view = view
        self._emit(Change("view"))

    def set_labels(self, on: bool, only: tuple[str, ...] | list[str] = ()) -> None:
        """Labels on or off; `only` restricts them to some structures (empty: all labelled ones, and the lesions),
        and to the lesions' names when it holds LESION_LABELS."""
        only = tuple(only)
        unknown = [i for i in only if i not in self.structures and i != LESION_LABELS]
        if unknown:
            raise KeyError(f"unknown label id(s) {unknown}; valid ids: {', '.join(self.structures)}, {LESION_LABELS}")
        if on != self.labels or only != self.label_ids:
            self.labels, self.label_ids = on, only
            self._emit(Change("labels"))

    def _set_choice(self, field_name: str, value: str, valid: tuple[str, ...], what: str, kind: str) -> None:
        """Set one of a fixed list of values; an unknown one is refused with the valid ones; one event."""
        if value not in valid:
            raise ValueError(f"unknown {what} {value!r}; valid: {', '.join(valid)}")
        if value != getattr(self, field_name):
            setattr(self, field_name, value)
            self._emit(Change(kind))

    def set_mode(self, mode: str) -> None:
        self._set_choice("mode", mode, MODES, "mode", "mode")

    def set_axial(self, convention: str) -> None:
        """Axial slabs from the feet ("radiological") or from the head ("anatomical")."""
        self._set_choice("axial", convention, AXIAL_CONVENTIONS, "axial convention", "view")

    def set_zones(self, scheme: str) -> None:
        """Draw Fardon 2014's axial zones or Lee 1988's lateral canal zones over axial slabs, or none."""
        self._set_choice("zones", scheme, ZONE_SCHEMES, "zone scheme", "view")

    def set_dermatome_map(self, name: str) -> None:
        self._set_choice("dermatome_map", name, DERMATOME_MAPS, "dermatome map", "dermatomes")

    def set_show_dermatomes(self, on: bool) -> None:
        if on != self.show_dermatomes:
            self.show_dermatomes = on
            self._emit(Change("dermatomes"))

    def set_highlighted(self, ids: tuple[str, ...] | list[str]) -> None:
        ids = tuple(ids)
        self._check_ids(ids)
        if ids != self.highlighted:
            changed = tuple(dict.fromkeys(self.highlighted + ids))
            self.highlighted = ids
            self._emit(Change("highlight", changed))

    def set_imaging(self, series: str | None, slice_index: int = 0) -> None:
        """Show a synthetic image series at a slice (None: no image); one "imaging" event when it changes."""
        imaging = None if series is None else {"series": str(series), "slice": int(slice_index)}
        if imaging != self.imaging:
            self.imaging = imaging
            self._emit(Change("imaging"))

    def set_overlays(self, overlays: dict[str, list[dict[str, Any]]]) -> None:
        self.overlays = copy.deepcopy(overlays)
        self._emit(Change("overlays"))

    # ---- persistence --------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "visible": dict(self.visible),
            "opacity": dict(self.opacity),
            "selected": self.selected,
            "view": self.view,
            "labels": self.labels,
            "label_ids": list(self.label_ids),
            "mode": self.mode,
            "overlays": copy.deepcopy(self.overlays),
            "dermatome_map": self.dermatome_map,
            "show_dermatomes": self.show_dermatomes,
            "highlighted": list(self.highlighted),
            "imaging": copy.deepcopy(self.imaging),
        }

    def load_dict(self, data: dict[str, Any]) -> None:
        """Replace the whole state from `to_dict` output; unknown ids are ignored; one "reset" event."""
        self.visible.update({k: bool(v) for k, v in data.get("visible", {}).items() if k in self.structures})
        self.opacity.update(
            {k: min(1.0, max(0.0, float(v))) for k, v in data.get("opacity", {}).items() if k in self.structures}
        )
        sel = data.get("selected")
        self.selected = sel if sel in self.structures else None
        self.view = str(data.get("view", self.view))
        self.labels = bool(data.get("labels", self.labels))
        self.label_ids = tuple(i for i in data.get("label_ids", []) if i in self.structures or i == LESION_LABELS)
        mode = data.get("mode", self.mode)
        self.mode = mode if mode in MODES else "explore"
        self.overlays = copy.deepcopy(data.get("overlays", {}))
        map_name = data.get("dermatome_map", self.dermatome_map)
        self.dermatome_map = map_name if map_name in DERMATOME_MAPS else "lee2008"
        self.show_dermatomes = bool(data.get("show_dermatomes", False))
        self.highlighted = tuple(i for i in data.get("highlighted", []) if i in self.structures)
        imaging = data.get("imaging")
        valid = isinstance(imaging, dict) and isinstance(imaging.get("series"), str) and \
            isinstance(imaging.get("slice"), int)
        self.imaging = {"series": imaging["series"], "slice": imaging["slice"]} if valid else None
        self._emit(Change("reset"))
