"""Named morphometric parameters of the lumbosacral model, each default with its source.

All lengths in millimetres, angles in degrees. Sources are keys of annotations/sources.json; the values
are the typical adult figures compiled in the project reference (shared/reference/anatomy-reference.md
sections 1-5 and 12), which takes them from the papers cited here. Where a value is a modelling choice
rather than a measured mean, the comment says so.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class VertebraParams:
    """One lumbar vertebra. Body sizes: Panjabi 1992, Zhou 2000; pedicles: Zindrick 1987; canal: Eisenstein 1977."""

    name: str
    endplate_width: float  # upper endplate, x (Panjabi 1992; Zhou 2000)
    endplate_depth: float  # upper endplate, y (Panjabi 1992; Zhou 2000)
    height_anterior: float  # (Zhou 2000)
    height_posterior: float  # (Zhou 2000): L5 is taller in front
    pedicle_width: float  # transverse (Zindrick 1987)
    pedicle_height: float  # (Zindrick 1987)
    pedicle_convergence: float  # axis to the sagittal plane (Zindrick 1987)
    interpedicular_distance: float  # canal width between medial pedicle walls (Eisenstein 1977)
    canal_depth: float  # midsagittal, posterior body wall to lamina (Eisenstein 1977)
    superior_facet_angle: float  # joint with the level above, to the sagittal plane (Panjabi 1992 facet data)
    transverse_span: float  # tip to tip (Panjabi 1992)
    spinous_length: float  # lamina junction to tip (Panjabi 1992)
    spinous_height: float  # craniocaudal (Panjabi 1992)


@dataclass(frozen=True)
class DiscParams:
    """Disc heights anterior/posterior (reference section 3 and 12, radiographic series incl. Amonoo-Kuofi 1991)."""

    name: str
    height_anterior: float
    height_posterior: float
    nucleus_fraction: float = 0.38  # share of the cross-section: 30-50 % (reference section 3)
    nucleus_posterior_shift: float = 0.08  # nucleus centred slightly posterior, fraction of depth (reference section 3)


@dataclass(frozen=True)
class SacrumParams:
    """S1 and the sacrum. Slope: Vialle 2005 (mean ~40), Legaye 1998."""

    sacral_slope: float = 40.0  # S1 upper endplate to horizontal (Vialle 2005; range 30-50)
    endplate_width: float = 50.0  # S1 upper endplate 48-52 (Panjabi 1992; Zhou 2000)
    endplate_depth: float = 34.0  # 32-35 (Zhou 2000)
    base_width: float = 104.0  # ala tip to ala tip; modelling choice within adult sacral base widths ~95-115
    length: float = 102.0  # promontory to apex along the curve; modelling choice (adult sacra ~95-115)
    curvature_radius: float = 170.0  # anterior concavity; modelling choice giving a smooth kyphotic curve
    s1_foramen_diameter: float = 10.0  # S1 largest of the sacral foramina, ~10 mm (reference section 1)
    superior_facet_angle: float = 50.0  # L5-S1 joint to the sagittal plane, 45-55 (reference section 1)
    canal_width: float = 26.0  # sacral canal continues the L5 canal (reference section 1, trefoil/triangular)
    canal_depth: float = 14.0  # modelling choice: sacral canal shallower than L5 (15-20)
    # Lateral masses (ala and the auricular part, S1-S3): solid from the pelvic to the dorsal surface. The
    # reference gives no figure for their thickness; modelling choices:
    lateral_mass_depth: float = 17.0  # dorsal face this far behind the S1 posterior body wall at the top, thinning
    #                                   45 % toward the apex, a few mm in front of the median crest
    lateral_mass_start: float = 0.04  # fraction of the length where the block starts (under the S1 notch)
    lateral_mass_end: float = 0.6  # fraction where it starts to fade (below the S3 foramina) into the apex


@dataclass(frozen=True)
class NeuralParams:
    """Thecal sac and roots (reference section 5; Hasegawa 1996 for ganglion position)."""

    sac_width_l4: float = 18.0  # 18-22 mm wide (reference section 5)
    sac_depth_l4: float = 12.5  # 12-16 mm AP; 18 x 12.5 ellipse = 177 mm^2, within 150-180 mm^2 (Schonstrom 1985)
    sac_width_s1: float = 15.0  # tapers caudally (reference section 12: to ~16 x 12 at S1)
    sac_depth_s1: float = 11.0
    root_diameter: float = 4.0  # root in its sleeve, 3-5 mm (reference section 5)
    nerve_diameter: float = 5.5  # spinal nerve 5-6 mm (reference section 5)
    ganglion_size: tuple[float, float, float] = (6.0, 6.0, 11.0)  # L5 DRG 5-7 wide, 9-12 long (reference section 5)
    root_takeoff_angle: float = 25.0  # L5 sleeve leaves the sac at 20-30 deg (reference section 5)


# Defaults from anatomy-reference.md section 12 (body, pedicle, canal figures) and section 1 (processes).
# superior_facet_angle is the joint with the level above: L3-4 35 deg, L4-5 45 deg (reference section 12);
# L3's (30 deg, the L2-3 joint) only shapes the L3 superior facet, since the model has no L2.
DEFAULT_VERTEBRAE = (
    VertebraParams("L3", 46.0, 34.0, 28.0, 28.0, 9.0, 15.0, 12.0, 23.0, 17.0, 30.0, 90.0, 28.0, 22.0),
    VertebraParams("L4", 48.0, 35.0, 28.0, 26.5, 11.0, 14.0, 15.0, 24.0, 17.0, 35.0, 85.0, 27.0, 22.0),
    VertebraParams("L5", 49.0, 35.0, 28.5, 24.5, 15.0, 14.0, 25.0, 26.0, 17.0, 45.0, 88.0, 22.0, 18.0),
)

DEFAULT_DISCS = (
    DiscParams("L3_L4", 11.5, 7.5),
    DiscParams("L4_L5", 13.0, 7.5),
    DiscParams("L5_S1", 13.5, 6.0),
)


@dataclass(frozen=True)
class AnatomyParams:
    """Everything the generator needs; `replace()` a field to make a variant (pathology, teaching)."""

    vertebrae: tuple[VertebraParams, ...] = DEFAULT_VERTEBRAE
    discs: tuple[DiscParams, ...] = DEFAULT_DISCS
    sacrum: SacrumParams = field(default_factory=SacrumParams)
    neural: NeuralParams = field(default_factory=NeuralParams)

    def vertebra(self, name: str) -> VertebraParams:
        return next(v for v in self.vertebrae if v.name == name)

    def disc(self, name: str) -> DiscParams:
        return next(d for d in self.discs if d.name == name)

    def as_dict(self) -> dict:
        return asdict(self)
