"""Default proportions of the lower-body model, each with where it comes from.

Frame: millimetres, +x = patient's right, +y = anterior, +z = superior, origin at the midpoint between the
two hip joint centres, standing anatomical position, feet pointing +y. The model is built for the right side
and mirrored (x -> -x) for the left, so both sides have the same proportions.

Numbers marked "shape choice" only give the surface a human outline; no clinical statement depends on them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class LegParams:
    # Segment lengths: project reference section 12 (thigh / leg / foot = 430 / 400 / 260 mm), which match the
    # segment-length fractions of stature in Winter DA, Biomechanics and Motor Control of Human Movement
    # (after Drillis & Contini 1966) for a stature of about 1.75 m (not re-checked against the book).
    thigh_length: float = 430.0  # hip joint centre to knee joint line
    leg_length: float = 400.0  # knee joint line to ankle joint centre
    foot_length: float = 260.0  # back of the heel to the tip of the great toe
    ankle_height: float = 70.0  # ankle joint centre above the floor (Winter: 0.039 x stature; not re-checked)
    # Circumferences: project reference section 12 (mid-thigh 520, calf 370, ankle 220 mm); ANSUR II (Gordon CC
    # et al. 2014, NATICK/TR-15/007) defines these girths; its tables were not checked for these exact values.
    mid_thigh_circumference: float = 520.0
    calf_circumference: float = 370.0
    ankle_circumference: float = 220.0
    # Hip joint centres 36 % of the inter-ASIS distance from the midline (Bell AL, Pedersen DR, Brand RA,
    # J Biomech 1990;23:617-621), with an inter-ASIS distance of about 245 mm (shape choice within adult range).
    inter_asis: float = 245.0
    hip_centre_fraction: float = 0.36
    # Feet slightly apart so the medial thigh and leg stay visible: shape choice.
    knee_x: float = 112.0
    ankle_x: float = 118.0
    forefoot_width: float = 98.0  # across the metatarsal heads (Winter: 0.055 x stature; not re-checked)

    @property
    def hip_x(self) -> float:
        return self.hip_centre_fraction * self.inter_asis

    @property
    def knee_z(self) -> float:
        return -self.thigh_length

    @property
    def ankle_z(self) -> float:
        return -self.thigh_length - self.leg_length

    @property
    def floor_z(self) -> float:
        return self.ankle_z - self.ankle_height

    def as_dict(self) -> dict:
        return asdict(self)
