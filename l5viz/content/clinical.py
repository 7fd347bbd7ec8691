"""Clinical teaching content in annotations/clinical/: roots, examination, and one file per lesion kind.

Each loader returns the validated data (or None) and the problems found: schema violations, source keys
missing from sources.json, and checks a schema cannot express (every root of ids.py, references to
examination tests that exist, and each lesion kind's own: l5viz.pathology.kinds).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from l5viz.anatomy.ids import ROOT_LEVELS
from l5viz.content.documents import (
    Problem,
    SchemaSet,
    annotations_root,
    load_keyed_entries,
    read_json,
    schema_dir_for,
    unknown_sources,
    violations,
)
from l5viz.content.structures import check_sources_file, load_sources
from l5viz.pathology.kinds import kind_named, registry

ROOTS_FILE = "clinical/roots.json"
EXAM_FILE = "clinical/exam.json"
CORRELATION_FILE = "clinical/correlation.json"


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


def check_document(path: Path, schema_name: str, schemas: SchemaSet, known_sources: set[str] | None,
                   ) -> tuple[Any | None, list[Problem]]:
    """A whole-document content file: schema, cited sources, then the checks its schema cannot express."""
    where = str(path)
    data, problems = read_json(path)
    if data is None:
        return None, problems
    errors, schema_problems = schemas.errors(schema_name, data, where)
    problems += schema_problems + violations(where, errors, data, schema_name)
    if errors or schema_problems:
        return None, problems
    problems += unknown_sources(data, known_sources, where)
    kinds = registry()
    if schema_name in kinds:  # a lesion kind's content: the checks its kind adds
        problems += kinds[schema_name].check_content(data, where)
    return data, problems


def check_pair(folder: Path, rules: tuple[str, str], words: tuple[str, str], words_cite: bool
               ) -> tuple[tuple[Any, Any] | None, list[Problem]]:
    """A feature's rules and its words, each a (file, schema) whole-document content file, checked together
    (the rules' sources always, the words' when `words_cite`); None when either cannot be used."""
    schemas = SchemaSet(schema_dir_for(folder))
    sources, problems = load_sources(folder)
    known = set(sources) or None
    first, own = check_document(folder / rules[0], rules[1], schemas, known)
    second, own_words = check_document(folder / words[0], words[1], schemas, known if words_cite else None)
    problems = problems + own + own_words
    return ((first, second) if first is not None and second is not None else None), problems


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


def load_lesion_content(name: str, annotations_dir: Path | None = None) -> tuple[dict | None, list[Problem]]:
    """A lesion kind's content file, annotations/clinical/<name>.json (herniation: Fardon 2014 nomenclature
    and the level-zone-root rule; stenosis: Lee 2010 grades and causes; ...), checked by its kind."""
    return _load(annotations_dir, kind_named(name).content_file, name)


def load_all_lesion_content(annotations_dir: Path | None = None) -> tuple[dict[str, dict | None], list[Problem]]:
    """Every registered kind's content by name, with all their problems."""
    content, problems = {}, []
    for name in registry():
        content[name], own = load_lesion_content(name, annotations_dir)
        problems += own
    return content, problems


def load_clinical_content(annotations_dir: Path | None = None) -> tuple[dict[str, dict | None], list[Problem]]:
    """What the correlation, the bedside texts and the report's explanations quote: every lesion kind's content,
    the roots ("roots"), the examination ("exam") and the summary's words ("correlation"), with all their
    problems."""
    content, problems = load_all_lesion_content(annotations_dir)
    for key, loader in (("roots", load_roots), ("exam", load_exam), ("correlation", load_correlation_words)):
        content[key], own = loader(annotations_dir)
        problems += own
    return content, problems


def load_correlation_words(annotations_dir: Path | None = None) -> tuple[dict | None, list[Problem]]:
    """The words of the correlation's summary line."""
    return _load(annotations_dir, CORRELATION_FILE, "correlation")


def load_exam(annotations_dir: Path | None = None) -> tuple[dict | None, list[Problem]]:
    """Bedside tests with their accuracy, the L5 versus fibular neuropathy differential, red flags, disclaimer."""
    return _load(annotations_dir, EXAM_FILE, "exam")
