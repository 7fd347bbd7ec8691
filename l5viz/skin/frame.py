"""Where the fitted body's joints, foot, trunk and spinal levels lie: what the skin coordinates are measured from.

Measured once per body variant by scripts/import_body.py (from the body's rig joints, its skin and the spine
manifest) and stored in meshes/body_manifest.json, so the dermatome rules can be re-evaluated on the
committed meshes without the source data. Everything is given for the patient's right side; the MakeHuman
body is left-right symmetric and placed without rotation, so the left side is the mirror image (x -> -x).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import numpy as np

TOES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class SkinFrame:
    """Right-side reference points (world mm) and the cross-section centres the skin coordinates use."""

    hip: np.ndarray  # hip joint centre: the acetabulum's centre on the Visible Human pelvis
    knee: np.ndarray  # knee joint centre (rig)
    ankle: np.ndarray  # ankle joint centre (rig)
    mtp: np.ndarray  # (5, 3) metatarsophalangeal joints, great toe first (rig)
    pip: np.ndarray  # (5, 3) each toe's next joint (the great toe's interphalangeal joint) (rig)
    tip: np.ndarray  # (5, 3) each toe's last rig joint, near its tip
    heel_back_y: float  # the back of the heel (the foot's most posterior skin)
    toe_tip_y: float  # the front of the longest toe
    sole_z: float  # the sole's plane (the foot's lowest skin)
    crest_z: float  # the top of the iliac crests
    asis: np.ndarray  # the right anterior superior iliac spine (bone)
    pubic_symphysis: np.ndarray  # its most anterior point (bone)
    level_z: np.ndarray  # heights of L1, L1-L2, L2, ..., L5, L5-S1: spinal levels 1.0, 1.5, ..., 5.5
    limb_z: np.ndarray  # heights at which the limb's cross-section centre is tabled (ascending)
    limb_xy: np.ndarray  # (n, 2) that centre
    trunk_z: np.ndarray  # heights at which the trunk is tabled (ascending)
    trunk_y: np.ndarray  # the trunk's front-to-back middle at each
    trunk_half_width: np.ndarray  # half the trunk's width at each (the arms, beyond it, are not trunk)

    def as_dict(self) -> dict:
        """Plain lists and numbers, rounded to 0.01 mm, for the manifest."""
        return {k: (np.round(v, 2).tolist() if isinstance(v, np.ndarray) else round(float(v), 2))
                for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict) -> SkinFrame:
        values = {}
        for f in fields(cls):
            raw = data[f.name]
            values[f.name] = float(raw) if f.type == "float" else np.asarray(raw, float)
        return cls(**values)

    def limb_centre(self, z: np.ndarray) -> np.ndarray:
        """(n, 2) centre of the right limb's cross-section at each height."""
        return np.column_stack([np.interp(z, self.limb_z, self.limb_xy[:, k]) for k in range(2)])

    def level(self, z: np.ndarray) -> np.ndarray:
        """The spinal level at each height (1.0 at L1's body, 1.5 at the L1-L2 disc, ... 5.5 at L5-S1),
        continued above and below at the nearest half-level's spacing."""
        levels = 1.0 + 0.5 * np.arange(len(self.level_z))
        heights, values = self.level_z[::-1], levels[::-1]  # ascending heights
        out = np.interp(z, heights, values)
        low_step = (values[0] - values[1]) / (heights[1] - heights[0])
        high_step = (values[-2] - values[-1]) / (heights[-1] - heights[-2])
        out = np.where(z < heights[0], values[0] + (heights[0] - z) * low_step, out)
        return np.where(z > heights[-1], values[-1] - (z - heights[-1]) * high_step, out)

    def mirrored(self, point: np.ndarray, side: str) -> np.ndarray:
        """A right-side point moved to `side`."""
        return np.asarray(point, float) * ([-1.0, 1.0, 1.0] if side == "left" else 1.0)


def _loops(skin, z: float) -> list[np.ndarray]:
    """The closed outlines of the skin cut at height z, each as its points."""
    cut = skin.slice(normal=(0.0, 0.0, 1.0), origin=(0.0, 0.0, z)).connectivity()
    region = np.asarray(cut.point_data["RegionId"])
    points = np.asarray(cut.points)
    return [points[region == r] for r in np.unique(region)]


def measure_frame(skin, joints: dict[str, np.ndarray], spine_landmarks: dict, acetabulum: np.ndarray,
                  bone_landmarks: dict, step: float = 10.0) -> SkinFrame:
    """The frame of a fitted skin (pyvista surface, world mm) from its right rig joints (`joint-r-<name>`
    centres: knee, ankle, toe-<k>-<j>), the spine manifest's landmarks, the right acetabulum's centre and
    the fit's bone landmarks (asis_right, iliac_crest_right, pubic_symphysis)."""
    mtp = np.array([joints[f"toe-{k}-1"] for k in TOES])
    pip = np.array([joints[f"toe-{k}-2"] for k in TOES])
    tip = np.array([joints["toe-1-3"]] + [joints[f"toe-{k}-4"] for k in TOES[1:]])
    ankle, knee, hip = joints["ankle"], joints["knee"], np.asarray(acetabulum, float)
    points = np.asarray(skin.points)
    foot = points[(points[:, 0] > 0.5 * hip[0]) & (points[:, 2] < ankle[2])]
    level_names = [name for k in range(1, 6) for name in
                   (f"vertebra_L{k}_centre", f"disc_L{k}_L{k + 1}_centre" if k < 5 else "disc_L5_S1_centre")]
    level_z = np.array([spine_landmarks[n][2] for n in level_names])

    # The limb's centre: the cut outline of the right leg; where the legs have joined the trunk (above the
    # crotch) the outline is the trunk's, so the line from the hip joint to the knee joint is used instead.
    limb_z = np.arange(foot[:, 2].min() + 2.0, hip[2] + step, step)
    limb_xy = []
    for z in limb_z:
        axis = hip + (knee - hip) * np.clip((hip[2] - z) / (hip[2] - knee[2]), 0.0, 1.0) if z > knee[2] else \
            knee + (ankle - knee) * np.clip((knee[2] - z) / (knee[2] - ankle[2]), 0.0, 1.0)
        loops = [p for p in _loops(skin, z) if p[:, 0].mean() > 0.0]
        leg = min(loops, key=lambda p: np.linalg.norm(p[:, :2].mean(axis=0) - axis[:2]), default=None)
        joined = leg is None or leg[:, 0].min() < 0.1 * hip[0]
        limb_xy.append(axis[:2] if joined else leg[:, :2].mean(axis=0))
    # The trunk: the outline that crosses the midline, from below the hip joints to above L1.
    trunk_z = np.arange(hip[2] - 40.0, level_z[0] + 150.0, step)
    trunk_y, trunk_half_width = [], []
    for z in trunk_z:
        torso = min(_loops(skin, z), key=lambda p: np.abs(p[:, 0]).min())
        trunk_y.append(0.5 * (torso[:, 1].min() + torso[:, 1].max()))
        trunk_half_width.append(np.abs(torso[:, 0]).max())
    return SkinFrame(
        hip=hip, knee=np.asarray(knee, float), ankle=np.asarray(ankle, float), mtp=mtp, pip=pip, tip=tip,
        heel_back_y=float(foot[:, 1].min()), toe_tip_y=float(foot[:, 1].max()), sole_z=float(foot[:, 2].min()),
        crest_z=float(bone_landmarks["iliac_crest_right"][2]), asis=np.asarray(bone_landmarks["asis_right"], float),
        pubic_symphysis=np.asarray(bone_landmarks["pubic_symphysis"], float), level_z=level_z,
        limb_z=limb_z, limb_xy=np.array(limb_xy), trunk_z=trunk_z, trunk_y=np.array(trunk_y),
        trunk_half_width=np.array(trunk_half_width))
