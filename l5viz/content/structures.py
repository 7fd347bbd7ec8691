"""Structure annotations (annotations/structures.json) and the bibliography they cite (annotations/sources.json).

The fixed ids in l5viz/anatomy/ids.py are the contract: every id needs an entry, and an entry for an id that
ids.py does not know is reported unless it is marked "planned" (a structure the app will show later). Each
entry also says how the structure is drawn (kind, colour, default visibility and opacity, group), so no
code decides those from the id.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from l5viz.anatomy.ids import ALL_STRUCTURES, COMPRESSIBLE_KINDS, GROUPS
from l5viz.content.documents import (
    Problem,
    load_json_document,
    SchemaSet,
    annotations_root,
    load_keyed_entries,
    schema_dir_for,
    unknown_sources,
)

SOURCES_FILE = "sources.json"
STRUCTURES_FILE = "structures.json"
PARTS_FILE = "parts.json"
LESION_TERMS_FILE = "lesion_terms.json"
VIEWS_FILE = "views.json"


@dataclass(frozen=True)
class StructureInfo:
    """What the app says about one structure: names and texts for trainees and for patients, terms, sources."""

    id: str
    display_name: str
    lay_name: str
    description: str
    lay_description: str
    group: str
    kind: str
    colour: str
    visible: bool
    opacity: float
    ta_term: str
    fma_id: int | None
    sources: tuple[str, ...]
    ta2_id: str | None = None
    ta_note: str | None = None
    fma_note: str | None = None
    planned: bool = False
    roots: tuple[str, ...] = ()  # a nerve of the path to the foot: the modelled roots whose fibres it carries

    @property
    def compressible(self) -> bool:
        """Drawn with the compression colour scale (sac, roots, ganglia)."""
        return self.kind in COMPRESSIBLE_KINDS

    @classmethod
    def from_entry(cls, structure_id: str, entry: dict[str, Any]) -> "StructureInfo":
        return cls(id=structure_id, **{**entry, "sources": tuple(entry["sources"]),
                                        "roots": tuple(entry.get("roots", ()))})


def check_sources_file(annotations: Path, schemas: SchemaSet,
                       ) -> tuple[dict[str, dict], list[Problem], set[str] | None]:
    """Valid bibliography entries of sources.json, its problems, and every key it has (None if unreadable).

    Cited keys are checked against every key present, valid or not: a malformed entry is reported once,
    here, rather than again at each citation.
    """
    return load_keyed_entries(annotations / SOURCES_FILE, "sources", "sources", schemas)


def load_sources(annotations_dir: Path | None = None) -> tuple[dict[str, dict], list[Problem]]:
    """The bibliography: source key -> {authors, title, journal or book, year, ...}."""
    annotations = annotations_root(annotations_dir)
    schemas = SchemaSet(schema_dir_for(annotations))
    sources, problems, _ = check_sources_file(annotations, schemas)
    return sources, schemas.problems + problems


def check_structures_file(annotations: Path, schemas: SchemaSet, known_sources: set[str] | None,
                          ) -> tuple[dict[str, StructureInfo], list[Problem]]:
    """Valid entries of structures.json checked against ids.py and the bibliography, with the problems found."""
    path = annotations / STRUCTURES_FILE
    where = str(path)
    entries, problems, present = load_keyed_entries(path, "structures", "structures", schemas)
    if present is None:
        return {}, problems
    infos: dict[str, StructureInfo] = {}
    for structure_id, entry in entries.items():
        path_of_entry = f"$.structures.{structure_id}"
        problems += unknown_sources(entry, known_sources, where, path_of_entry)
        known = structure_id in ALL_STRUCTURES
        planned = entry.get("planned", False)
        if not known and not planned:
            problems.append(Problem(where, f"{path_of_entry}: unknown structure id {structure_id!r}; ids.py "
                                           f"knows {', '.join(ALL_STRUCTURES)} (mark future structures "
                                           f"\"planned\": true)"))
            continue
        if known and planned:
            problems.append(Problem(where, f"{path_of_entry}: marked planned, but ids.py already has "
                                           f"{structure_id!r}; remove \"planned\""))
        infos[structure_id] = StructureInfo.from_entry(structure_id, entry)
    problems += [Problem(where, f"no entry for structure {sid!r} (listed in l5viz/anatomy/ids.py)")
                 for sid in ALL_STRUCTURES if sid not in present]
    return infos, problems


def load_structures(annotations_dir: Path | None = None) -> tuple[dict[str, StructureInfo], list[Problem]]:
    """Structure id -> StructureInfo for every valid entry, plus every problem in structures.json.

    Problems with sources.json itself are included too, since unknown source keys cannot be checked
    without it.
    """
    annotations = annotations_root(annotations_dir)
    schemas = SchemaSet(schema_dir_for(annotations))
    _, problems, known = check_sources_file(annotations, schemas)
    infos, structure_problems = check_structures_file(annotations, schemas, known)
    return infos, schemas.problems + problems + structure_problems


def groups_of(infos: dict[str, StructureInfo]) -> dict[str, tuple[str, ...]]:
    """Group name -> its structures, groups in ids.GROUPS order and members in ids order (empty groups left out)."""
    out = {g: tuple(sid for sid in ALL_STRUCTURES if sid in infos and infos[sid].group == g) for g in GROUPS}
    return {g: members for g, members in out.items() if members}


def default_display(infos: dict[str, StructureInfo]) -> dict[str, dict]:
    """SceneState keyword arguments for the default visibility and opacity of every structure with an entry."""
    return {"visible": {sid: i.visible for sid, i in infos.items() if sid in ALL_STRUCTURES},
            "opacity": {sid: i.opacity for sid, i in infos.items() if sid in ALL_STRUCTURES}}


def load_parts(annotations_dir: Path | None = None) -> tuple[dict[str, dict], list[Problem]]:
    """Bone part id -> {name, lay_name, paired, ta_term, sources} (annotations/parts.json); {} when unusable."""
    annotations = annotations_root(annotations_dir)
    data, problems = load_json_document(annotations / PARTS_FILE, "parts", schema_dir_for(annotations))
    return (data or {}).get("parts", {}), problems


def load_lesion_terms(annotations_dir: Path | None = None) -> tuple[dict[str, dict], list[Problem]]:
    """Lesion term -> {name, lay_name, sources} (annotations/lesion_terms.json); {} when unusable."""
    annotations = annotations_root(annotations_dir)
    data, problems = load_json_document(annotations / LESION_TERMS_FILE, "lesion_terms", schema_dir_for(annotations))
    return (data or {}).get("terms", {}), problems


def load_view_words(annotations_dir: Path | None = None) -> tuple[dict, list[Problem]]:
    """The words the 3D views draw on the picture (annotations/views.json); {} when unusable."""
    annotations = annotations_root(annotations_dir)
    data, problems = load_json_document(annotations / VIEWS_FILE, "views", schema_dir_for(annotations))
    return data or {}, problems


def part_phrase(part: dict, structure: StructureInfo, side: str | None, lay: bool = False) -> str:
    """What a click on a bone names: "left L5 pedicle" (or its plain name for patients), from the part's own
    templates in annotations/parts.json (word order and the side word's agreement differ between languages)."""
    side_word = part["sides"][side] if side and part["paired"] else ""
    if lay:
        template, bone = part["lay_named"], structure.lay_name
    else:
        vertebra = structure.id.startswith("vertebra_")
        template, bone = part["named"]["vertebra" if vertebra else "sacrum"], structure.id.removeprefix("vertebra_")
    return " ".join(template.format(side=side_word, bone=bone).split())
