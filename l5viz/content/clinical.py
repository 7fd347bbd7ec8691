"""Clinical teaching content in annotations/clinical/: roots, herniation, stenosis, examination.

Each loader returns the validated data (or None) and the problems found: schema violations, source keys
missing from sources.json, and checks a schema cannot express (every level x zone in the rule table
exactly once, all four Lee grades, every root of ids.py, references to examination tests that exist).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from l5viz.anatomy.ids import LEVELS, ROOT_LEVELS
from l5viz.content.documents import (
    Problem,
    SchemaSet,
    annotations_root,
    load_keyed_entries,
    read_json,
    schema_dir_for,
    unknown_sources,
    violation,
)
from l5viz.content.structures import check_sources_file

ROOTS_FILE = "clinical/roots.json"
HERNIATION_FILE = "clinical/herniation.json"
STENOSIS_FILE = "clinical/stenosis.json"
EXAM_FILE = "clinical/exam.json"
ZONES = ("central", "subarticular", "foraminal", "extraforaminal")
LEE_GRADES = (0, 1, 2, 3)


def check_herniation_rules(data: dict, where: str) -> list[Problem]:
    """The level-zone-root table must answer every level x zone exactly once."""
    counts = Counter((row["level"], row["zone"]) for row in data["rule"]["table"])
    problems = [Problem(where, f"$.rule.table: no row for level {level} zone {zone}")
                for level in LEVELS for zone in ZONES if counts[(level, zone)] == 0]
    problems += [Problem(where, f"$.rule.table: {n} rows for level {level} zone {zone}; keep one")
                 for (level, zone), n in sorted(counts.items()) if n > 1]
    return problems


def check_lee_grades(data: dict, where: str) -> list[Problem]:
    """Lee 2010 has grades 0, 1, 2 and 3: each must be defined once."""
    grades = [g["grade"] for g in data["lee_grades"]]
    return [Problem(where, f"$.lee_grades: grade {g} is defined {grades.count(g)} times; define it once")
            for g in LEE_GRADES if grades.count(g) != 1]


def check_roots(roots: dict[str, Any], present: set[str], where: str, exam_tests: set[str] | None,
                ) -> list[Problem]:
    """Every root of ids.py has an entry, and each provocative test names a test in exam.json."""
    problems = [Problem(where, f"$.roots: no entry for root {root} (listed in l5viz/anatomy/ids.py)")
                for root in ROOT_LEVELS if root not in present]
    if exam_tests is not None:
        problems += [Problem(where, f"$.roots.{root}.provocative_tests[{i}].exam_id: {t['exam_id']!r} is not a "
                                    f"test in {EXAM_FILE} (tests: {', '.join(sorted(exam_tests))})")
                     for root, entry in roots.items()
                     for i, t in enumerate(entry["provocative_tests"]) if t["exam_id"] not in exam_tests]
    return problems


SEMANTIC_CHECKS = {"herniation": check_herniation_rules, "stenosis": check_lee_grades}


def check_document(path: Path, schema_name: str, schemas: SchemaSet, known_sources: set[str] | None,
                   ) -> tuple[Any | None, list[Problem]]:
    """A whole-document content file: schema, cited sources, then the checks its schema cannot express."""
    where = str(path)
    data, problems = read_json(path)
    if data is None:
        return None, problems
    errors, schema_problems = schemas.errors(schema_name, data, where)
    problems += schema_problems + [violation(where, e) for e in errors]
    if errors or schema_problems:
        return None, problems
    problems += unknown_sources(data, known_sources, where)
    semantic = SEMANTIC_CHECKS.get(schema_name)
    if semantic is not None:
        problems += semantic(data, where)
    return data, problems


def exam_test_ids(annotations: Path) -> set[str] | None:
    """Test ids in exam.json, or None when it cannot be read (its own loader reports why)."""
    data, _ = read_json(annotations / EXAM_FILE)
    tests = data.get("tests") if isinstance(data, dict) else None
    return set(tests) if isinstance(tests, dict) else None


def check_roots_file(path: Path, annotations: Path, schemas: SchemaSet, known_sources: set[str] | None,
                     ) -> tuple[dict[str, Any], list[Problem]]:
    where = str(path)
    roots, problems, present = load_keyed_entries(path, "roots", "roots", schemas)
    if present is None:
        return roots, problems
    for root, entry in roots.items():
        problems += unknown_sources(entry, known_sources, where, f"$.roots.{root}")
    return roots, problems + check_roots(roots, present, where, exam_test_ids(annotations))


def _context(annotations_dir: Path | None) -> tuple[Path, SchemaSet, list[Problem], set[str] | None]:
    annotations = annotations_root(annotations_dir)
    schemas = SchemaSet(schema_dir_for(annotations))
    _, source_problems, known = check_sources_file(annotations, schemas)
    return annotations, schemas, schemas.problems + source_problems, known


def load_roots(annotations_dir: Path | None = None) -> tuple[dict[str, dict], list[Problem]]:
    """Root name (L4, L5, S1) -> dermatome, key muscles, reflex, tests, pain; valid entries only."""
    annotations, schemas, problems, known = _context(annotations_dir)
    roots, root_problems = check_roots_file(annotations / ROOTS_FILE, annotations, schemas, known)
    return roots, problems + root_problems


def _load(annotations_dir: Path | None, relative: str, schema_name: str) -> tuple[dict | None, list[Problem]]:
    annotations, schemas, problems, known = _context(annotations_dir)
    data, own = check_document(annotations / relative, schema_name, schemas, known)
    return data, problems + own


def load_herniation(annotations_dir: Path | None = None) -> tuple[dict | None, list[Problem]]:
    """Nomenclature (Fardon 2014), zones, the level-zone-root rule, red flags, natural history, treatment."""
    return _load(annotations_dir, HERNIATION_FILE, "herniation")


def load_stenosis(annotations_dir: Path | None = None) -> tuple[dict | None, list[Problem]]:
    """Lee 2010 grades, causes, Hasegawa 1995 critical dimensions, alternative gradings."""
    return _load(annotations_dir, STENOSIS_FILE, "stenosis")


def load_exam(annotations_dir: Path | None = None) -> tuple[dict | None, list[Problem]]:
    """Bedside tests with their accuracy, the L5 versus fibular neuropathy differential, red flags, disclaimer."""
    return _load(annotations_dir, EXAM_FILE, "exam")


def rule_for(herniation: dict, level: str, zone: str) -> dict:
    """The rule-table row for a disc level (e.g. 'L4_L5') and axial zone; KeyError lists the valid values."""
    for row in herniation["rule"]["table"]:
        if row["level"] == level and row["zone"] == zone:
            return row
    raise KeyError(f"no rule for level {level!r} zone {zone!r}; levels: {', '.join(LEVELS)}; "
                   f"zones: {', '.join(ZONES)}")
