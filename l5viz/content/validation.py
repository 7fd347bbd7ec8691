"""Validate every content file under annotations/ against the schema the catalog names for it.

annotations/schema/catalog.json maps glob patterns (paths relative to annotations/) to schema names; a
content file no pattern matches is itself a Problem, so new content cannot slip in unchecked. This is what
`l5viz validate` prints and what the app shows when content is broken.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import Path

from jsonschema import Draft202012Validator

from l5viz.content.clinical import check_document, check_roots_file
from l5viz.content.documents import Problem, SchemaSet, annotations_root, read_json, schema_dir_for, violation
from l5viz.content.structures import SOURCES_FILE, check_sources_file, check_structures_file
from l5viz.content.translations import locale_problems
from l5viz.content.vocabulary import vocabulary_drift

CATALOG_FILE = "catalog.json"
CATALOG_SCHEMA = {
    "type": "object",
    "required": ["format", "files"],
    "properties": {
        "format": {"const": 1},
        "files": {"type": "array", "items": {
            "type": "object", "required": ["pattern", "schema"], "additionalProperties": False,
            "properties": {"pattern": {"type": "string", "minLength": 1},
                           "schema": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}}}},
    },
}


def load_catalog(schema_dir: Path) -> tuple[list[tuple[str, str]], list[Problem]]:
    """(pattern, schema name) pairs in catalog order, and problems with the catalog itself."""
    path = schema_dir / CATALOG_FILE
    data, problems = read_json(path)
    if data is None:
        return [], problems
    errors = list(Draft202012Validator(CATALOG_SCHEMA).iter_errors(data))
    if errors:
        return [], problems + [violation(str(path), e) for e in errors]
    return [(f["pattern"], f["schema"]) for f in data["files"]], problems


def schema_for(relative_path: str, catalog: list[tuple[str, str]]) -> str | None:
    """Name of the schema for a path relative to annotations/ (first matching pattern), or None."""
    return next((schema for pattern, schema in catalog if fnmatchcase(relative_path, pattern)), None)


def _check_file(path: Path, schema_name: str, annotations: Path, schemas: SchemaSet,
                known_sources: set[str] | None) -> list[Problem]:
    if schema_name == "structures":
        return check_structures_file(annotations, schemas, known_sources)[1]
    if schema_name == "roots":
        return check_roots_file(path, annotations, schemas, known_sources)[1]
    return check_document(path, schema_name, schemas, known_sources)[1]


def validate_annotations(annotations_dir: Path | None = None) -> list[Problem]:
    """Every problem in every *.json under annotations/ (sub-folders included); an empty list means valid."""
    annotations = annotations_root(annotations_dir)
    if not annotations.is_dir():
        return [Problem(str(annotations), "annotations folder not found")]
    schema_dir = schema_dir_for(annotations)
    schemas = SchemaSet(schema_dir)
    catalog, problems = load_catalog(schema_dir)
    problems = schemas.problems + problems + vocabulary_drift(schema_dir)
    _, source_problems, known_sources = check_sources_file(annotations, schemas)
    for pattern, _ in catalog:
        if not any(c in pattern for c in "*?[") and not (annotations / pattern).is_file():
            problems.append(Problem(str(annotations / pattern), "file not found (the schema catalog expects it)"))
    for path in sorted(annotations.rglob("*.json")):
        if path.is_relative_to(schema_dir):
            continue
        relative = path.relative_to(annotations).as_posix()
        schema_name = schema_for(relative, catalog)
        if schema_name is None:
            problems.append(Problem(str(path), f"no schema is registered for {relative!r}; add a pattern to "
                                               f"{schema_dir / CATALOG_FILE}"))
        elif relative == SOURCES_FILE:
            problems += source_problems
        else:
            problems += _check_file(path, schema_name, annotations, schemas, known_sources)
    return problems + locale_problems(annotations)
