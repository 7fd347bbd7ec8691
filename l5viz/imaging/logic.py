"""The imaging logic: synthetic slices of the scenario's current result, for the panel, the CLI and lessons.

It listens to nothing and draws nothing: a caller hands it each new result (`show`), asks for one slice at
once (`image`, what a slider step needs) and may compute whole series in a background thread
(`compute`), whose progress it can read at any time. Images of an older result are never mixed with a
newer one: each result gets a generation number and the cache is keyed by it. No Qt, no VTK.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable

import numpy as np

from l5viz.imaging.config import ImagingConfig
from l5viz.imaging.formation import SyntheticImage, form_image
from l5viz.imaging.series import SeriesGeometry, series_geometry
from l5viz.imaging.tissue import TissueModel
from l5viz.imaging.voxels import SlabGrid


SLICE_CACHES = 4  # slices whose masks at rest are kept (the one shown, and a few scrolled past)
# The whole-volume label map: 1 mm (11 million voxels, about 0.1 GB while it is built), across 240 mm (both
# psoas and erector spinae) and 260 mm front to back (the back's skin to the front of the bodies), from 40 mm
# above the L3 body's centre (the L2-3 disc) to 40 mm below the L5-S1 disc (S1's body). Modelling choices.
VOLUME_VOXEL_MM = 1.0
VOLUME_SPAN_MM = (240.0, 260.0)
VOLUME_MARGIN_MM = 40.0
VOLUME_BELOW_S1_MM = 40.0


class Imaging:
    def __init__(self, model: TissueModel, landmarks: dict, config: ImagingConfig, seed: int = 0):
        self.model = model
        self.config = config
        self.landmarks = {k: np.asarray(v, float) for k, v in landmarks.items()}
        self.seed = seed
        self.series = config.series
        self._geometry: dict[str, SeriesGeometry] = {}
        self._result = None
        self._generation = 0
        self._cache: dict[tuple[int, str, int], SyntheticImage] = {}
        self._lock = threading.Lock()
        self.progress = (0, 0)  # (slices done, slices asked) of the latest `compute`
        # Per slice shown lately: the masks of the structures at rest, the body's layers and the noise, so a
        # slider step redoes only what moved (TissueModel.slab). A few slices: a sagittal one holds ~20 MB.
        self._slice_caches: OrderedDict[tuple[str, int], dict] = OrderedDict()

    def geometry(self, series_id: str) -> SeriesGeometry:
        if series_id not in self._geometry:
            self._geometry[series_id] = series_geometry(self.series[series_id], self.landmarks, self.config)
        return self._geometry[series_id]

    def show(self, result) -> None:
        """The scene to image from now on (a PathologyResult, or None for the healthy scene)."""
        with self._lock:
            if result is self._result:
                return
            self._result = result
            self._generation += 1
            self._cache = {}

    def image(self, series_id: str, index: int) -> SyntheticImage:
        """One slice of the current scene, computed now unless a background pass has made it already."""
        with self._lock:
            generation, result = self._generation, self._result
            cached = self._cache.get((generation, series_id, index))
            slice_cache = self._slice_caches.setdefault((series_id, index), {})
            self._slice_caches.move_to_end((series_id, index))
            while len(self._slice_caches) > SLICE_CACHES:
                self._slice_caches.popitem(last=False)
        return cached or self._make(generation, result, series_id, index, slice_cache)

    def _make(self, generation: int, result, series_id: str, index: int, slice_cache: dict | None = None,
              ) -> SyntheticImage:
        spec = self.series[series_id]
        plane = self.geometry(series_id).planes[index]
        shell = self.config.rules["cortical_shell_mm"]  # the slab reaches this far beyond the slice, so the shell
        pad = int(round(shell / self.config.voxel_mm))  # of bone just outside it is drawn where it should be
        slab = self.model.slab(plane.grid(self.config.voxel_mm, shell), pad=pad, result=result, cache=slice_cache)
        image = form_image(slab, plane, spec.protocol, self.config, series_id, index, self.seed, slice_cache)
        with self._lock:
            if generation == self._generation:
                self._cache[(generation, series_id, index)] = image
        return image

    def compute(self, series_ids: Iterable[str], cancelled: Callable[[], bool] = lambda: False) -> bool:
        """Make every slice of these series for the current scene (meant for a background thread); stops
        early when `cancelled()` or when the scene changes. True when every slice was made."""
        with self._lock:
            generation, result = self._generation, self._result
        jobs = [(sid, k) for sid in series_ids for k in range(len(self.geometry(sid).planes))]
        self.progress = (0, len(jobs))
        for done, (sid, k) in enumerate(jobs, start=1):
            if cancelled() or generation != self._generation:
                return False
            if (generation, sid, k) not in self._cache:
                self._make(generation, result, sid, k)
            self.progress = (done, len(jobs))
        return True

    def volume(self, voxel_mm: float = VOLUME_VOXEL_MM):
        """The current scene as one labelled volume over L3-S1 (a TissueSlab whose layers are axial, head to
        feet), wide and deep enough for the paraspinal muscles and the skin of the back: the model as one
        volume, for analysis. The images sample the same model slice by slice at imaging.json's finer voxel."""
        top = self.landmarks["vertebra_L3_centre"][2] + VOLUME_MARGIN_MM
        bottom = self.landmarks["disc_L5_S1_centre"][2] - VOLUME_BELOW_S1_MM
        centre = np.array([0.0, self.config.rules["fov_centre_mm"]["sagittal"][1], 0.5 * (top + bottom)])
        axes = np.array([[-1.0, 0.0, 0.0], [0.0, -1.0, 0.0], [0.0, 0.0, -1.0]])  # left, back, down
        counts = [int(round(size / voxel_mm)) for size in (*VOLUME_SPAN_MM, top - bottom)]
        grid = SlabGrid(centre, axes, *(-0.5 * (n - 1) * voxel_mm for n in counts), voxel_mm, voxel_mm, voxel_mm,
                        *counts)
        with self._lock:
            result = self._result
        return self.model.slab(grid, result=result)

    def slices_at(self, point: np.ndarray) -> dict[str, int]:
        """For a model point (a click in 3D), each series' slice nearest it."""
        return {sid: self.geometry(sid).nearest_slice(point) for sid in self.series}
