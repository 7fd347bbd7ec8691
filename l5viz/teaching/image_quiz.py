"""Image quiz questions generated from scenarios: a scene, the synthetic slice that shows it, and the answer the
model measures on it (annotations/image_quiz.json holds the scenarios and the words).

Four kinds, asked in turn by seed: grade a foramen on parasagittal T1 (Lee 2010, the model's own reading),
name the root a herniation compresses most (the geometry's worst), name a herniation's type and zone (the
scenario's), grade a slip (Meyerding, the measured percentage). A seed picks everything (kind, scenario,
slice, the order of the choices), so the same seed asks the same question: a teacher can hand one out. No
Qt, no VTK: the engine evaluates the scene, the imaging config places the slice.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from l5viz.anatomy.ids import SIDES
from l5viz.clinical.correlation import COMPRESSED_PERCENT
from l5viz.content.clinical import check_document
from l5viz.content.documents import Problem, SchemaSet, annotations_root, schema_dir_for
from l5viz.content.structures import check_sources_file
from l5viz.imaging.config import ImagingConfig, level_text
from l5viz.imaging.series import series_geometry
from l5viz.pathology.kinds import Overlays
from l5viz.teaching.quiz import QuizItem

QUESTIONS_FILE = "image_quiz.json"
QUESTION_KINDS = ("lee_grade", "which_root", "herniation", "meyerding")  # asked in this order as the seed grows


def load_image_questions(annotations_dir: Path | None = None) -> tuple[dict | None, list[Problem]]:
    annotations = annotations_root(annotations_dir)
    schemas = SchemaSet(schema_dir_for(annotations))
    _, _, known_sources = check_sources_file(annotations, schemas)
    data, problems = check_document(annotations / QUESTIONS_FILE, "image_quiz", schemas, known_sources)
    return (data["questions"] if data else None), problems


class ImageQuiz:
    """Builds the question of a seed on an engine's scene."""

    def __init__(self, engine, config: ImagingConfig, questions: dict):
        self.engine = engine
        self.config = config
        self.questions = questions
        self.landmarks = {k: np.asarray(v, float) for k, v in engine.landmarks.items()}

    def question(self, seed: int) -> QuizItem:
        kind = QUESTION_KINDS[seed % len(QUESTION_KINDS)]
        return getattr(self, f"_{kind}")(random.Random(seed), seed, self.questions[kind])

    def _slice(self, series: str, point: np.ndarray) -> dict:
        geometry = series_geometry(self.config.series[series], self.landmarks, self.config)
        return {"series": series, "slice": geometry.nearest_slice(point)}

    @staticmethod
    def _item(seed: int, words: dict, choices: list[str], correct: int, view: str, overlays: dict, imaging: dict,
              **answer) -> QuizItem:
        entry_choices = tuple(choices)
        return QuizItem(id=f"image-{seed}", kind="choose", prompt=words["prompt"].format(**answer),
                        explanation=words["explanation"].format(answer=choices[correct], **answer),
                        sources=tuple(words["sources"]), view=view, overlays=Overlays.from_texts(overlays),
                        choices=entry_choices, correct_choice=correct, imaging=imaging)

    def _lee_grade(self, rng: random.Random, seed: int, words: dict) -> QuizItem:
        level, side, grade = rng.choice(words["levels"]), rng.choice(SIDES), rng.choice(words["grades"])
        level_id = level.replace("-", "_")
        overlays = {"stenosis": [words["scenarios"][0].format(level=level, side=side, grade=grade)]} if grade else {}
        result = self.engine.evaluate(Overlays.from_texts(overlays))
        read = result.measures.get("foraminal", {}).get(f"{level_id}_{side}", {}).get("lee_read", 0)
        imaging = self._slice(f"foramen-t1-{side}", self.landmarks[f"foramen_{level_id}_{side}"])
        return self._item(seed, words, words["choices"], int(read), f"sagittal-{level}-{side}", overlays, imaging,
                          level=level, side=words["sides"][side])

    def _which_root(self, rng: random.Random, seed: int, words: dict) -> QuizItem:
        side = rng.choice(SIDES)
        text = rng.choice(words["scenarios"]).format(side=side)
        overlays = {"herniation": [text]}
        result = self.engine.evaluate(Overlays.from_texts(overlays))
        worst: dict[str, float] = {}
        for sid, figure in result.compression.items():
            part, root, root_side = (sid.split("_") + ["", ""])[:3]
            if part in ("root", "drg") and root_side == side and figure["percent"] >= COMPRESSED_PERCENT:
                worst[root] = max(worst.get(root, 0.0), figure["percent"])
        answer = max(worst, key=worst.get)
        roots = list(words["roots"])
        choices = [words["choices"][0].format(root=root, side=words["sides"][side]) for root in roots]
        level = text.split(":")[0]
        lesion = next(item.centre for item in result.drawn_lesions if item.kind == "disc")
        return self._item(seed, words, choices, roots.index(answer), f"axial-{level}", overlays,
                          self._slice(f"axial-t2-{level}", lesion), level=level)

    def _herniation(self, rng: random.Random, seed: int, words: dict) -> QuizItem:
        level, side = rng.choice(words["levels"]), rng.choice(SIDES)
        combos = [(zone, kind) for zone in words["zones"] for kind in words["types"]]
        zone, kind = rng.choice(combos)
        overlays = {"herniation": [words["scenarios"][0].format(level=level, zone=zone, side=side, type=kind)]}
        result = self.engine.evaluate(Overlays.from_texts(overlays))
        shown = [combo for combo in combos if combo != (zone, kind)]
        rng.shuffle(shown)
        picked = [(zone, kind)] + shown[:3]
        rng.shuffle(picked)
        choices = [words["choices"][0].format(zone=words["zones"][z], type=words["types"][t]) for z, t in picked]
        lesion = next(item.centre for item in result.drawn_lesions if item.kind == "disc")
        return self._item(seed, words, choices, picked.index((zone, kind)), f"axial-{level}", overlays,
                          self._slice(f"axial-t2-{level}", lesion), level=level, side=side)

    def _meyerding(self, rng: random.Random, seed: int, words: dict) -> QuizItem:
        text = rng.choice(words["scenarios"])
        overlays = {"spondylolisthesis": [text]}
        result = self.engine.evaluate(Overlays.from_texts(overlays))
        slip = result.measures["slip"][text.split(":")[0].replace("-", "_")]
        imaging = {"series": "sagittal-t2",
                   "slice": self.config.series["sagittal-t2"].slices // 2}  # the midline
        return self._item(seed, words, words["choices"], int(slip["meyerding"]) - 1, "sagittal-midline", overlays,
                          imaging, percent=f"{slip['slip_percent']:.0f}", level=level_text(text.split(":")[0]))
