"""Read content files and check them against their JSON Schemas, turning every kind of bad input into a Problem.

Content is data (annotations/*.json), so a typo in one file must never stop the app: readers here return
what they could load plus a list of Problems naming the file and, for schema violations, the JSON path of
the bad value. Nothing here raises on bad input and nothing imports Qt or VTK.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from jsonschema import Draft202012Validator, SchemaError, ValidationError
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable

from l5viz.content import locale
from l5viz.paths import annotations_dir as default_annotations_dir, bundled_root

SCHEMA_SUFFIX = ".schema.json"
SCHEMA_ID_PREFIX = "urn:l5viz:schema:"
BUNDLED_SCHEMA_DIR = bundled_root() / "annotations" / "schema"
MAX_MESSAGE_CHARS = 240


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one content file; str() reads 'path: message' for the CLI and the UI."""

    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


def schema_dir_for(annotations: Path) -> Path:
    """The schema folder of an annotations folder, or the schemas that came with l5viz when that folder has none."""
    own = Path(annotations) / "schema"
    return own if own.is_dir() else BUNDLED_SCHEMA_DIR


class _DuplicateKeys(list):
    """Collects keys that appear twice in one JSON object (json.load would silently keep the last)."""

    def hook(self, pairs: list[tuple[str, Any]]) -> dict:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                self.append(key)
            seen[key] = value
        return seen


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed in JSON content")


def read_json(path: Path, words: bool = True) -> tuple[Any | None, list[Problem]]:
    """Parse one JSON file; a missing or unreadable file, or invalid JSON, gives (None, [Problem]).

    A content file comes with its words (l5viz.content.locale) in the language spoken now, unless `words` is
    False (validation reads the rules alone).
    """
    data, problems = _parse_json(Path(path))
    return (locale.with_words(data, path) if words and data is not None else data), problems


def _parse_json(path: Path) -> tuple[Any | None, list[Problem]]:
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(where, "file not found")]
    except IsADirectoryError:
        return None, [Problem(where, "is a folder, not a JSON file")]
    except UnicodeDecodeError as exc:
        return None, [Problem(where, f"not UTF-8 text (byte {exc.start}): save the file as UTF-8")]
    except OSError as exc:
        return None, [Problem(where, f"cannot be read: {exc.strerror or exc}")]
    duplicates = _DuplicateKeys()
    try:
        data = json.loads(text, object_pairs_hook=duplicates.hook, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        return None, [Problem(where, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]
    except ValueError as exc:
        return None, [Problem(where, f"invalid JSON: {exc}")]
    return data, [Problem(where, f"duplicate key {key!r}: the later value silently replaces the earlier one")
                  for key in duplicates]


_METASCHEMA_CHECKS: dict[tuple[str, int, int], str | None] = {}


def _metaschema_error(path: Path, schema: dict) -> str | None:
    """Why a schema file is not a valid JSON Schema, or None; checked once per version of the file.

    The app reads its schemas for every content file it loads; checking each against the metaschema every
    time was most of the window's start-up time (143 checks, about 1.5 s).
    """
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _METASCHEMA_CHECKS:
        try:
            Draft202012Validator.check_schema(schema)
            _METASCHEMA_CHECKS[key] = None
        except SchemaError as exc:
            _METASCHEMA_CHECKS[key] = exc.message
    return _METASCHEMA_CHECKS[key]


class SchemaSet:
    """All <name>.schema.json files of one folder, cross-referenced by their $id (urn:l5viz:schema:<name>)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.problems: list[Problem] = []
        self._schemas: dict[str, dict] = {}
        resources = []
        for path in sorted(self.folder.glob(f"*{SCHEMA_SUFFIX}")):
            name = path.name[: -len(SCHEMA_SUFFIX)]
            schema, problems = read_json(path)
            self.problems += problems
            if schema is None:
                continue
            invalid = _metaschema_error(path, schema)
            if invalid:
                self.problems.append(Problem(str(path), f"not a valid JSON Schema: {_short(invalid)}"))
                continue
            expected_id = SCHEMA_ID_PREFIX + name
            if schema.get("$id") != expected_id:
                self.problems.append(Problem(str(path), f"$id must be {expected_id!r}"))
                continue
            self._schemas[name] = schema
            resources.append((expected_id, Resource.from_contents(schema)))
        self._registry = Registry().with_resources(resources)

    @property
    def names(self) -> list[str]:
        return sorted(self._schemas)

    def validator(self, name: str) -> Draft202012Validator | None:
        schema = self._schemas.get(name)
        return None if schema is None else Draft202012Validator(schema, registry=self._registry)

    def errors(self, name: str, data: Any, where: str) -> tuple[list[ValidationError], list[Problem]]:
        """Schema violations of data (sorted by position), or a Problem when the schema itself is unusable."""
        validator = self.validator(name)
        if validator is None:
            return [], [Problem(where, f"schema {name!r} is missing or broken in {self.folder} "
                                       f"(available: {', '.join(self.names) or 'none'})")]
        try:
            found = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
        except Unresolvable as exc:
            return [], [Problem(where, f"schema {name!r} refers to something that does not exist: {exc}")]
        return found, []


def _short(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE_CHARS else message[: MAX_MESSAGE_CHARS - 3] + "..."


def violation(where: str, error: ValidationError) -> Problem:
    """A schema violation as a Problem: the JSON path of the bad value, then what is wrong with it."""
    return Problem(where, f"{error.json_path}: {_short(error.message)}")


def load_json_document(path: Path, schema_name: str, schema_dir: Path | None = None,
                       ) -> tuple[Any | None, list[Problem]]:
    """Read a JSON file and validate it as a whole; data is None when it cannot be read or breaks the schema."""
    path = Path(path)
    schemas = SchemaSet(schema_dir or schema_dir_for(path.parent))
    data, problems = read_json(path)
    if data is None:
        return None, problems
    errors, schema_problems = schemas.errors(schema_name, data, str(path))
    problems += schema_problems + violations(str(path), errors, data, schema_name)
    return (None if errors or schema_problems else data), problems


def violations(where: str, errors: list[ValidationError], data: Any, kind: str) -> list[Problem]:
    """Schema violations as Problems; when the top level lacks or adds keys (another kind of file, say), one line
    that says so and names them, instead of one line per key."""
    foreign = [e for e in errors if top_level_mismatch(e)]
    problems = [violation(where, e) for e in errors if e not in foreign]
    if foreign:
        missing = list(dict.fromkeys(repr(key) for e in foreign if e.validator == "required"
                                     for key in e.validator_value if key not in data))
        known = foreign[0].schema.get("properties", {})
        closed = any(e.validator == "additionalProperties" for e in foreign)
        extra = sorted(repr(key) for key in data if key not in known) if closed else []
        parts = (missing and f"it lacks {', '.join(missing)}", extra and f"it has {', '.join(extra)}, which a {kind} "
                 "file has not")
        what = "; ".join(part for part in parts if part)
        problems.insert(0, Problem(where, f"not a {kind} file: {what}"))
    return problems


def top_level_mismatch(error: ValidationError) -> bool:
    """A missing or unexpected key at the top of an object document: the file may be another kind of file."""
    return error.json_path == "$" and error.validator in ("required", "additionalProperties") \
        and isinstance(error.instance, dict)


def load_keyed_entries(path: Path, schema_name: str, collection: str, schemas: SchemaSet,
                       ) -> tuple[dict[str, Any], list[Problem], set[str] | None]:
    """Load the object under data[collection], keeping each entry that satisfies the schema.

    A violation inside one entry drops only that entry (and is reported); a violation elsewhere in the file
    is reported without dropping the entries. Returns (valid entries, problems, every key present, valid
    or not); the last is None when the file cannot be read at all.
    """
    path = Path(path)
    where = str(path)
    data, problems = read_json(path)
    if data is None:
        return {}, problems, None
    errors, schema_problems = schemas.errors(schema_name, data, where)
    problems += schema_problems
    if schema_problems:
        return {}, problems, None
    raw = data.get(collection) if isinstance(data, dict) else None
    raw = raw if isinstance(raw, dict) else {}
    bad: set[str] = set()
    for error in errors:
        problems.append(violation(where, error))
        entry_key = _entry_of(error, collection)
        if entry_key is not None:
            bad.add(entry_key)
    return {k: v for k, v in raw.items() if k not in bad}, problems, set(raw)


def _entry_of(error: ValidationError, collection: str) -> str | None:
    """Key of the collection entry an error lies in (a bad key name counts as its entry), else None."""
    path = list(error.absolute_path)
    if not path or path[0] != collection:
        return None
    if len(path) >= 2:
        return str(path[1])
    if "propertyNames" in error.absolute_schema_path and isinstance(error.instance, str):
        return error.instance
    return None


def iter_source_refs(value: Any, path: str = "$") -> Iterator[tuple[str, str]]:
    """Every (json path, source key) named in a 'sources' list anywhere inside value."""
    if isinstance(value, dict):
        for key, child in value.items():
            child_path = f"{path}.{key}"
            if key == "sources" and isinstance(child, list):
                for i, ref in enumerate(child):
                    if isinstance(ref, str):
                        yield f"{child_path}[{i}]", ref
            else:
                yield from iter_source_refs(child, child_path)
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from iter_source_refs(child, f"{path}[{i}]")


def unknown_sources(value: Any, known: set[str] | None, where: str, path: str = "$") -> list[Problem]:
    """Problems for source keys missing from sources.json (nothing to check when it could not be loaded)."""
    if known is None:
        return []
    return [Problem(where, f"{ref_path}: unknown source key {key!r} (not in sources.json)")
            for ref_path, key in iter_source_refs(value, path) if key not in known]


def annotations_root(annotations: Path | None) -> Path:
    return Path(annotations) if annotations is not None else default_annotations_dir()
