"""Colour arithmetic for checking pictures and themes: what a red-green colour-blind viewer sees, how far apart
two colours look, and how well text reads on its background. Numpy only (CIELAB and CIEDE2000 from
scikit-image, already a dependency); no Qt, no VTK.

- Dichromat simulation: Machado, Oliveira & Fernandes 2009 (sources.json "machado_2009"), severity 1.0, applied
  in linear RGB as the paper's model is (a linear map of the cone responses).
- Colour difference: CIEDE2000 (CIE 142-2001) on CIELAB, D65, 2° observer.
- Text contrast: the WCAG 2.x contrast ratio of relative luminances (W3C Web Content Accessibility Guidelines
  2.2, https://www.w3.org/TR/WCAG22/, definitions of "contrast ratio" and "relative luminance").
"""

from __future__ import annotations

import numpy as np
from skimage.color import deltaE_ciede2000, rgb2lab

# Machado et al. 2009, table of simulation matrices, severity 1.0 (linear RGB in, linear RGB out).
DICHROMAT_MATRICES = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
}
VISIONS = ("normal", *DICHROMAT_MATRICES)

# WCAG 2.x success criterion 1.4.3 (contrast, minimum), level AA.
AA_NORMAL_TEXT = 4.5
AA_LARGE_TEXT = 3.0  # at least 18 pt, or 14 pt bold (24 px, or about 18.7 px bold)
NON_TEXT_CONTRAST = 3.0  # SC 1.4.11: a graphic needed to understand the content, against what is next to it

# Two colours a viewer tells apart at a glance, as a CIEDE2000 difference: a modelling choice (no published value
# for figures was found). It is set high because a figure makes telling apart harder than a colour chart does: a
# small, shaded, 3D patch, seen on a washed-out projector beside, not against, the colour it is told from.
DISTINCT_DE00 = 10.0


def rgb(colour) -> np.ndarray:
    """sRGB in 0..1 from '#rrggbb' or '#rgb', or an (..., 3) array already in 0..1."""
    if isinstance(colour, str):
        text = colour.lstrip("#")
        if len(text) == 3:
            text = "".join(c * 2 for c in text)
        return np.array([int(text[k:k + 2], 16) for k in (0, 2, 4)], float) / 255.0
    return np.asarray(colour, float)


def srgb_to_linear(srgb: np.ndarray) -> np.ndarray:
    """The sRGB transfer function undone (IEC 61966-2-1)."""
    srgb = np.asarray(srgb, float)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(linear: np.ndarray) -> np.ndarray:
    linear = np.clip(np.asarray(linear, float), 0.0, 1.0)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def simulate(colours, vision: str) -> np.ndarray:
    """sRGB colours (..., 3, in 0..1) as a viewer with `vision` sees them, in sRGB 0..1."""
    srgb = rgb(colours)
    if vision == "normal":
        return srgb
    return linear_to_srgb(srgb_to_linear(srgb) @ DICHROMAT_MATRICES[vision].T)


def lab(colours) -> np.ndarray:
    """CIELAB (D65, 2°) of sRGB colours."""
    return rgb2lab(rgb(colours))


def delta_e00(a, b, vision: str = "normal") -> float:
    """CIEDE2000 difference between two sRGB colours as a viewer with `vision` sees them."""
    return float(deltaE_ciede2000(lab(simulate(a, vision)), lab(simulate(b, vision))))


def relative_luminance(colour) -> float:
    """WCAG 2.x relative luminance of an sRGB colour (its linear Rec. 709 luma)."""
    return float(srgb_to_linear(rgb(colour)) @ np.array([0.2126, 0.7152, 0.0722]))


def contrast_ratio(foreground, background) -> float:
    """WCAG 2.x contrast ratio, 1 to 21: (L1 + 0.05) / (L2 + 0.05), L1 the lighter."""
    high, low = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(colour, background, opacity: float) -> np.ndarray:
    """A colour of the given opacity composited over its background (sRGB, as VTK and Qt blend)."""
    return opacity * rgb(colour) + (1.0 - opacity) * rgb(background)
