"""The schemas' lists of valid values, generated from the code's one list of each (ids, views, levels, ...).

A content file is checked against annotations/schema/*.schema.json; where a schema names structures,
views, levels, zones, types, modes, maps, kinds, groups or skin segments and surfaces, the list is the
code's own; overlays.schema.json is written whole from the lesion kinds (l5viz.pathology.kinds). `write_vocabularies`
puts the code's lists into the schemas (run `python scripts/sync_vocabularies.py` after changing one);
`vocabulary_drift` lists where a schema and the code differ, and `l5viz validate` and the tests report it.
"""

from __future__ import annotations

import json
from pathlib import Path

from l5viz.anatomy.ids import ALL_STRUCTURES, GROUPS, KINDS, LABEL_IDS, LEVELS
from l5viz.anatomy.parts import SACRUM_PARTS, VERTEBRA_PARTS
from l5viz.content.documents import Problem
from l5viz.pathology.engine import IMPLANT_KINDS, LESION_KINDS, LESION_TERMS
from l5viz.pathology.kinds import overlay_schema
from l5viz.pathology.kinds.herniation import TYPES as HERNIATION_TYPES
from l5viz.pathology.kinds.herniation import ZONES
from l5viz.pathology.kinds.spondylolisthesis import TYPES as SLIP_TYPES
from l5viz.pathology.kinds.stenosis import KINDS as STENOSIS_KINDS
from l5viz.report.terms import REASONS, REPORT_KINDS, REPORT_LEVELS, TOPICS
from l5viz.render.views import ALL_VIEWS
from l5viz.skin.coords import SEGMENTS, SURFACES
from l5viz.state import DERMATOME_MAPS, MODES

OVERLAY_SCHEMA = "overlays"  # written whole from the registered lesion kinds
WHERE = ("$defs", "regions", "items", "properties", "where", "properties")
VOCABULARIES: dict[tuple[str, tuple], tuple] = {
    ("lesson", ("$defs", "structureId")): ALL_STRUCTURES,
    ("lesson", ("$defs", "labelId")): LABEL_IDS,
    ("lesson", ("$defs", "viewName")): ALL_VIEWS,
    ("bedside", ("properties", "scenarios", "items", "properties", "view")): ALL_VIEWS,
    ("common", ("$defs", "levelId")): LEVELS,
    ("common", ("$defs", "zone")): ZONES,
    ("herniation", ("$defs", "regression", "properties", "type")): HERNIATION_TYPES,
    ("structures", ("$defs", "structure", "properties", "group")): GROUPS,
    ("structures", ("$defs", "structure", "properties", "kind")): KINDS,
    ("parts", ("$defs", "partId")): tuple(dict.fromkeys(VERTEBRA_PARTS + SACRUM_PARTS)),
    ("lesion_terms", ("$defs", "termId")): LESION_TERMS + IMPLANT_KINDS,
    ("imaging", ("$defs", "structureKind")): KINDS,
    ("imaging", ("$defs", "lesionKind")): LESION_KINDS,
    ("imaging", ("$defs", "implantKind")): IMPLANT_KINDS,
    ("report_vocabulary", ("$defs", "reportKind")): REPORT_KINDS,
    ("report_vocabulary", ("$defs", "topic")): TOPICS,
    ("report_vocabulary", ("$defs", "zone")): ZONES,
    ("report_vocabulary", ("$defs", "stenosisKind")): STENOSIS_KINDS,
    ("report_vocabulary", ("$defs", "slipType")): SLIP_TYPES,
    ("report_vocabulary", ("$defs", "herniationType")): HERNIATION_TYPES,
    ("report_vocabulary", ("$defs", "level")): REPORT_LEVELS,
    ("report_texts", ("$defs", "reason")): REASONS,
    ("report_texts", ("$defs", "reportKind")): REPORT_KINDS,
    ("report_texts", ("$defs", "topic")): TOPICS,
    ("session", ("properties", "state", "properties", "mode")): MODES,
    ("session", ("properties", "state", "properties", "dermatome_map")): DERMATOME_MAPS,
    ("dermatomes", WHERE + ("segment", "items")): SEGMENTS,
    ("dermatomes", WHERE + ("surface", "items")): SURFACES,
}


def _node(schema: dict, path: tuple) -> dict:
    for key in path:
        schema = schema[key]
    return schema


def vocabulary_drift(schema_dir: Path) -> list[Problem]:
    """Each schema list that differs from the code's, or that cannot be found, and an overlay schema that is
    not the one the lesion kinds write."""
    problems = []
    file = schema_dir / f"{OVERLAY_SCHEMA}.schema.json"
    try:
        written = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        written = None
        problems.append(Problem(str(file), f"cannot be read ({exc}); run python scripts/sync_vocabularies.py"))
    if written is not None and written != overlay_schema():
        problems.append(Problem(str(file), "differs from the registered lesion kinds' specs; run python "
                                           "scripts/sync_vocabularies.py"))
    for (name, path), values in VOCABULARIES.items():
        file = schema_dir / f"{name}.schema.json"
        try:
            enum = _node(json.loads(file.read_text(encoding="utf-8")), path).get("enum")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            problems.append(Problem(str(file), f"cannot read the list at {'/'.join(map(str, path))}: {exc}"))
            continue
        if enum != list(values):
            problems.append(Problem(str(file), f"{'/'.join(map(str, path))}: the schema's list differs from the "
                                               f"code's ({', '.join(values)}); run python scripts/sync_vocabularies.py"))
    return problems


def write_vocabularies(schema_dir: Path) -> list[str]:
    """Put the code's lists into the schemas, and the lesion kinds' specs into the overlay schema; returns the
    names of the schemas changed."""
    changed = []
    file = schema_dir / f"{OVERLAY_SCHEMA}.schema.json"
    text = json.dumps(overlay_schema(), indent=2, ensure_ascii=False) + "\n"
    if not file.exists() or file.read_text(encoding="utf-8") != text:
        file.write_text(text, encoding="utf-8")
        changed.append(OVERLAY_SCHEMA)
    for name in dict.fromkeys(name for name, _ in VOCABULARIES):
        file = schema_dir / f"{name}.schema.json"
        schema = json.loads(file.read_text(encoding="utf-8"))
        before = json.dumps(schema)
        for (other, path), values in VOCABULARIES.items():
            if other == name:
                _node(schema, path)["enum"] = list(values)
        if json.dumps(schema) != before:
            file.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            changed.append(name)
    return changed

