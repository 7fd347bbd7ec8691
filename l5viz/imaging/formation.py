"""Image formation: MR signal from the spin-echo equation and CT numbers, as a scanner blurs and noises them.

MR: each tissue's signal is PD (1 - 2 exp(-(TR - TE/2)/T1) + exp(-TR/T1)) exp(-TE/T2), the spin-echo form the
imaging reference gives (TE the effective echo time of the turbo spin echo; fat's T2 is its apparent TSE
value, Henkelman 1992). A mixture (marrow) mixes its parts' signals. CT: each tissue's Hounsfield value.
Then, as a scanner makes them:
- partial volume through the slice: the samples of the slab's layers are averaged (a rectangular profile);
- in-plane resolution: a Gaussian blur whose full width at half maximum is the acquired pixel;
- noise, blurred alike: complex Gaussian on MR, so the magnitude is Rician (Gudbjartsson 1995), and
  Gaussian on CT. It is seeded from the series and slice, so an image can be made again exactly.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from l5viz.imaging.config import ImagingConfig, Protocol
from l5viz.imaging.series import SlicePlane
from l5viz.imaging.tissue import TissueSlab

FWHM_PER_SIGMA = 2.0 * np.sqrt(2.0 * np.log(2.0))
MR_SCALE = 1000.0  # MR images are stored as signal x this (PD 1, full recovery, no decay = 1000)
# The display window an MR image opens with: from black to a little above this percentile of the image, so
# CSF is white but not clipped, and tissue a little darker than it (a disc fragment) stays apart from it.
MR_WINDOW_PERCENTILE = 99.9
MR_WINDOW_HEADROOM = 1.1


def spin_echo(pd, t1, t2, tr: float, te: float) -> np.ndarray:
    pd, t1, t2 = (np.asarray(a, float) for a in (pd, t1, t2))
    return pd * (1.0 - 2.0 * np.exp(-(tr - 0.5 * te) / t1) + np.exp(-tr / t1)) * np.exp(-te / t2)


def tissue_values(config: ImagingConfig, protocol: Protocol) -> np.ndarray:
    """The value each tissue label takes under a protocol: MR signal (x MR_SCALE) or HU."""
    tissues = config.rules["tissues"]
    if protocol.modality == "CT":
        return config.hu_table()
    pure = spin_echo(*(np.array([float(t[key]) for t in tissues.values()]) for key in ("pd", "t1_ms", "t2_ms")),
                     protocol.tr_ms, protocol.te_ms) * MR_SCALE
    values = np.concatenate([pure, np.zeros(len(config.rules["mixtures"]))])
    for label, parts in config.mixture_parts().items():
        values[label] = sum(share * pure[part] for part, share in parts.items())
    return values


@dataclass
class SyntheticImage:
    """One computed slice with what a viewer needs: the pixels (MR signal or HU, rows x columns), where
    they lie, the default window, and the region (structure) under each pixel."""

    series_id: str
    index: int
    plane: SlicePlane
    voxel: float
    pixels: np.ndarray
    protocol: Protocol
    window: tuple[float, float]  # (width, level)
    regions: np.ndarray
    region_ids: list[str]

    def region_at(self, row: int, column: int) -> str:
        return self.region_ids[int(self.regions[row, column])]

    def region_pixels(self, region: str) -> np.ndarray:
        """Where a region lies in the slice's middle layer (a boolean image)."""
        return self.regions == self.region_ids.index(region) if region in self.region_ids else \
            np.zeros(self.regions.shape, bool)


def seed_for(series_id: str, index: int, seed: int) -> int:
    return zlib.crc32(f"{series_id}:{index}:{seed}".encode())


def _blurred_noise(rng: np.random.Generator, shape, sigma_px: float, std: float) -> np.ndarray:
    """White noise blurred by the scanner's point spread (as its signal is), rescaled to `std`."""
    noise = ndimage.gaussian_filter(rng.standard_normal(shape), sigma_px)
    return noise * (std / max(float(noise.std()), 1e-12))


def noise_for(shape, protocol: Protocol, config: ImagingConfig, series_id: str, index: int,
              seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The slice's two noise channels (real, imaginary; CT uses the first), fixed by the series, the slice and
    the seed: the same slice is as noisy after every slider step, and can be made again exactly."""
    rng = np.random.default_rng(seed_for(series_id, index, seed))
    sigma_px = protocol.acquired_mm / FWHM_PER_SIGMA / config.voxel_mm
    if protocol.modality == "MR":
        std = protocol.noise * tissue_values(config, protocol)[config.tissue_ids().index("fat")]
    else:
        std = protocol.noise_hu
    return _blurred_noise(rng, shape, sigma_px, std), _blurred_noise(rng, shape, sigma_px, std)


def form_image(slab: TissueSlab, plane: SlicePlane, protocol: Protocol, config: ImagingConfig,
               series_id: str, index: int, seed: int = 0, cache: dict | None = None) -> SyntheticImage:
    """`cache`: a dict the caller keeps for this slice, where its noise is kept between slider steps."""
    cache = {} if cache is None else cache
    values = tissue_values(config, protocol)
    ideal = values[slab.slice_tissues].mean(axis=0)  # partial volume through the slice
    blurred = ndimage.gaussian_filter(ideal, protocol.acquired_mm / FWHM_PER_SIGMA / config.voxel_mm)
    if "noise" not in cache:
        cache["noise"] = noise_for(blurred.shape, protocol, config, series_id, index, seed)
    real, imaginary = cache["noise"]
    if protocol.modality == "MR":
        pixels = np.hypot(blurred + real, imaginary)
        top = MR_WINDOW_HEADROOM * float(np.percentile(pixels[::3, ::3], MR_WINDOW_PERCENTILE))
        window = (top, 0.5 * top)
    else:
        pixels = blurred + real
        soft = config.rules["windows"]["soft_tissue"]
        window = (float(soft["width"]), float(soft["level"]))
    return SyntheticImage(series_id, index, plane, config.voxel_mm, pixels.astype(np.float32), protocol, window,
                          slab.middle_regions(), slab.region_ids)


def windowed(pixels: np.ndarray, window: tuple[float, float]) -> np.ndarray:
    """8-bit grey levels of an image under a (width, level) window, as a viewer shows it."""
    width, level = window
    low = level - 0.5 * width
    return (np.clip((pixels - low) / max(width, 1e-6), 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)
