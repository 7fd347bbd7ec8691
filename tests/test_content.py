"""Content in annotations/: the real files validate, and broken copies are reported file by file while the rest
loads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from l5viz.anatomy.ids import ALL_STRUCTURES, GROUPS, KINDS, MUSCLES, ROOT_LEVELS
from l5viz.content import (
    Problem,
    load_all_lesion_content,
    load_exam,
    load_json_document,
    load_lesion_content,
    load_roots,
    load_sources,
    load_structures,
    validate_annotations,
)
from l5viz.pathology.kinds.herniation import rule_for
from l5viz.content.documents import BUNDLED_SCHEMA_DIR, iter_source_refs
from l5viz.paths import REPO_ROOT

REAL = REPO_ROOT / "annotations"

# Fardon 2014: central/paracentral/subarticular -> traversing root (numbered for the vertebra below);
# foraminal/extraforaminal -> exiting root (numbered for the vertebra above).
FARDON = {
    ("L3_L4", "subarticular"): (["L4"], "traversing"), ("L3_L4", "foraminal"): (["L3"], "exiting"),
    ("L3_L4", "extraforaminal"): (["L3"], "exiting"), ("L3_L4", "central"): (["L4"], "traversing"),
    ("L4_L5", "subarticular"): (["L5"], "traversing"), ("L4_L5", "foraminal"): (["L4"], "exiting"),
    ("L4_L5", "extraforaminal"): (["L4"], "exiting"), ("L4_L5", "central"): (["L5"], "traversing"),
    ("L5_S1", "subarticular"): (["S1"], "traversing"), ("L5_S1", "foraminal"): (["L5"], "exiting"),
    ("L5_S1", "extraforaminal"): (["L5"], "exiting"), ("L5_S1", "central"): (["S1"], "traversing"),
}


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A writable copy of the real content (schemas excluded: the loader falls back to the bundled ones)."""
    target = tmp_path / "annotations"
    shutil.copytree(REAL, target, ignore=shutil.ignore_patterns("schema"))
    return target


def edit(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def messages(problems: list[Problem], name: str) -> str:
    return "\n".join(str(p) for p in problems if name in p.file)


def test_real_annotations_have_no_problems():
    assert [str(p) for p in validate_annotations(REAL)] == []


def test_every_structure_id_has_exactly_one_entry_with_its_display_record():
    infos, problems = load_structures(REAL)
    assert problems == []
    assert set(infos) == set(ALL_STRUCTURES)
    root = infos["root_L5_left"]
    assert root.group == "Neural" and "lateral recess" in root.description and "ala" in root.description
    assert root.compressible and not infos["vertebra_L5"].compressible
    assert {i.kind for i in infos.values()} == set(KINDS)  # every kind is used
    assert {i.group for i in infos.values()} == set(GROUPS)
    # Fat is hidden at start (it would hide the roots in their foramina), and so are the muscles (they would
    # hide the spine); everything else is shown.
    assert {sid for sid, i in infos.items() if not i.visible} == {"epidural_fat", *MUSCLES, *(
        s for s in ALL_STRUCTURES if s.startswith("foraminal_fat_"))}


def test_every_cited_source_key_resolves():
    sources, problems = load_sources(REAL)
    assert problems == []
    files = sorted(p for p in REAL.rglob("*.json") if BUNDLED_SCHEMA_DIR not in p.parents)
    cited = {key for f in files for _, key in iter_source_refs(json.loads(f.read_text(encoding="utf-8")))}
    assert cited and cited <= set(sources)


def test_clinical_content_loads():
    roots, problems = load_roots(REAL)
    assert problems == [] and set(roots) == set(ROOT_LEVELS)
    assert roots["L5"]["reflex"]["name"] is None  # no reliable routine L5 reflex
    content, problems = load_all_lesion_content(REAL)
    assert problems == [] and all(data is not None for data in content.values())
    data, problems = load_exam(REAL)
    assert problems == [] and data is not None
    stenosis = content["stenosis"]
    assert [g["grade"] for g in stenosis["lee_grades"]] == [0, 1, 2, 3]
    exam, _ = load_exam(REAL)
    slr, crossed = exam["tests"]["slr"]["accuracy"], exam["tests"]["crossed_slr"]["accuracy"]
    assert slr["sensitivity"]["value"] > crossed["sensitivity"]["value"]  # Deville 2000: SLR sensitive,
    assert crossed["specificity"]["value"] > slr["specificity"]["value"]  # crossed SLR specific


@pytest.mark.parametrize(("level", "zone"), sorted(FARDON))
def test_rule_table_agrees_with_fardon(level, zone):
    herniation, _ = load_lesion_content("herniation", REAL)
    row = rule_for(herniation, level, zone)
    roots, relation = FARDON[(level, zone)]
    assert (row["affected_roots"], row["relation"]) == (roots, relation)
    if zone == "central":
        assert row["sides"] == "both_sides" and row["cauda_equina_risk"] and "cauda equina" in row["explanation"]
    else:
        assert row["sides"] == "same_side"


def test_rule_lookup_names_valid_values():
    herniation, _ = load_lesion_content("herniation", REAL)
    with pytest.raises(KeyError, match="L4_L5"):
        rule_for(herniation, "L2_L3", "central")


def test_problem_reads_path_then_message():
    assert str(Problem("annotations/x.json", "bad")) == "annotations/x.json: bad"


def test_invalid_json_is_reported_with_line_and_column(copy):
    (copy / "structures.json").write_text('{"format": 1,\n "structures": {,}}', encoding="utf-8")
    infos, problems = load_structures(copy)
    assert infos == {}
    text = messages(problems, "structures.json")
    assert "invalid JSON at line 2, column 17" in text


def test_one_malformed_entry_is_dropped_and_the_others_load(copy):
    edit(copy / "locales" / "en" / "structures.json", lambda d: d["words"].pop("/structures/root_L5_left/lay_name"))
    infos, problems = load_structures(copy)
    assert "root_L5_left" not in infos and "root_L5_right" in infos
    assert len(infos) == len(ALL_STRUCTURES) - 1
    text = messages(problems, "structures.json")
    assert "$.structures.root_L5_left" in text and "'lay_name' is a required property" in text
    assert "no entry for structure 'root_L5_left'" not in text  # reported once, as malformed


def test_unknown_id_and_missing_entry_are_reported(copy):
    def change(d):
        d["structures"]["root_L6_left"] = d["structures"].pop("root_L4_left")

    def rename_words(d):
        d["words"] = {key.replace("/root_L4_left/", "/root_L6_left/"): text for key, text in d["words"].items()}
    edit(copy / "structures.json", change)
    edit(copy / "locales" / "en" / "structures.json", rename_words)
    infos, problems = load_structures(copy)
    text = messages(problems, "structures.json")
    assert "unknown structure id 'root_L6_left'" in text
    assert "no entry for structure 'root_L4_left'" in text
    assert "root_L6_left" not in infos and "root_L4_right" in infos


def test_missing_source_key_is_reported_and_the_entry_kept(copy):
    edit(copy / "structures.json", lambda d: d["structures"]["sacrum"]["sources"].append("nobody_1999"))
    infos, problems = load_structures(copy)
    assert "sacrum" in infos
    assert "$.structures.sacrum.sources[3]: unknown source key 'nobody_1999'" in messages(problems, "structures.json")


def test_malformed_source_entry_is_reported_once(copy):
    edit(copy / "sources.json", lambda d: d["sources"]["fardon_2014"].update(doi="not-a-doi"))
    problems = validate_annotations(copy)
    assert [p.message.split(":")[0] for p in problems] == ["$.sources.fardon_2014.doi"]
    assert problems[0].file.endswith("sources.json")


def test_clinical_rule_gaps_and_bad_references_are_reported(copy):
    edit(copy / "clinical" / "herniation.json", lambda d: d["rule"]["table"].pop(0))
    edit(copy / "clinical" / "roots.json",
         lambda d: d["roots"]["L5"]["provocative_tests"][0].update(exam_id="slump"))
    text = "\n".join(map(str, validate_annotations(copy)))
    assert "herniation.json: $.rule.table: no row for level L3_L4 zone central" in text
    assert "roots.json: $.roots.L5.provocative_tests[0].exam_id: 'slump' is not a test" in text
    roots, _ = load_roots(copy)
    assert set(roots) == set(ROOT_LEVELS)


def test_schema_violation_in_a_whole_document_names_the_path(copy):
    edit(copy / "clinical" / "stenosis.json", lambda d: d["lee_grades"][2].update(grade=5))
    data, problems = load_lesion_content("stenosis", copy)
    assert data is None
    assert "$.lee_grades[2].grade: 5 is not one of [0, 1, 2, 3]" in messages(problems, "stenosis.json")


def test_file_without_a_schema_and_missing_files_are_reported(copy):
    (copy / "drafts").mkdir()
    (copy / "drafts" / "intro.json").write_text("{}", encoding="utf-8")
    (copy / "clinical" / "exam.json").unlink()
    text = "\n".join(map(str, validate_annotations(copy)))
    assert "drafts/intro.json: no schema is registered for 'drafts/intro.json'" in text
    assert "exam.json: file not found" in text


def test_load_json_document_never_raises(tmp_path):
    assert load_json_document(tmp_path / "absent.json", "sources")[1][0].message == "file not found"
    assert "folder" in load_json_document(tmp_path, "sources")[1][0].message
    (tmp_path / "nan.json").write_text('{"format": NaN}', encoding="utf-8")
    assert "NaN" in load_json_document(tmp_path / "nan.json", "sources")[1][0].message
    (tmp_path / "latin1.json").write_bytes(b'{"a": "\xe9"}')
    assert "UTF-8" in load_json_document(tmp_path / "latin1.json", "sources")[1][0].message
    data, problems = load_json_document(REAL / "sources.json", "no_such_schema")
    assert data is None and "schema 'no_such_schema' is missing" in problems[0].message


def test_duplicate_keys_are_reported(copy):
    path = copy / "clinical" / "exam.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"format": 1,', '"format": 1, "format": 1,', 1), encoding="utf-8")
    data, problems = load_exam(copy)
    assert data == load_exam(REAL)[0]  # still loaded, as it was: the repeated value was the same
    assert "duplicate key 'format'" in messages(problems, "exam.json")


def test_grades_out_of_order_are_reported_because_a_spec_picks_its_grade_by_position(copy):
    def swap(d):
        d["recess_grades"][1], d["recess_grades"][2] = d["recess_grades"][2], d["recess_grades"][1]

    edit(copy / "clinical" / "stenosis.json", swap)
    _, problems = load_lesion_content("stenosis", copy)
    assert "$.recess_grades: grades [0, 2, 1, 3]; list each of 0, 1, 2, 3 once, in order" in messages(
        problems, "stenosis.json")
