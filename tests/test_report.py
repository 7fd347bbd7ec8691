"""Reading a radiology report: the corpora's precision and recall, what the reader refuses, the phrases kept, the
roots the geometry compresses for what it reads, the CLI, and the window's "From report" flow."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from l5viz.anatomy.ids import ROOT_LEVELS
from l5viz.paths import REPO_ROOT
from l5viz.report.reader import read_report
from l5viz.report.scoring import score_corpus

CORPORA = ("report_corpus.json", "report_corpus_heldout.json", "report_corpus_blind.json")
EXAMPLE = REPO_ROOT / "docs" / "example_report.txt"


def corpus(name: str) -> dict:
    return json.loads((Path(__file__).parent / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", CORPORA)
def test_precision_and_recall_on_each_corpus_meet_the_bar(name):
    """The issue's bar: recall 0.95, precision 0.98; every refusal caught and no sentence refused wrongly."""
    scores = score_corpus(corpus(name))
    assert scores["entries"] >= 90
    assert scores["precision"] >= 0.98, scores["misses"]
    assert scores["recall"] >= 0.95, scores["misses"]
    assert scores["refusals"]["caught"] == scores["refusals"]["expected"], scores["misses"]
    assert scores["refusals"]["false"] <= 0.02 * scores["entries"], scores["misses"]


def test_the_corpora_hold_what_the_issue_asks():
    """At least 80 sentences and 10 whole reports, with negations, both sides, several levels and refusals."""
    sentences = [s for name in CORPORA for s in corpus(name)["sentences"]]
    reports = [r for name in CORPORA for r in corpus(name)["reports"]]
    assert len(sentences) >= 80 and len(reports) >= 10
    assert sum(s["refused"] for s in sentences) >= 10
    assert sum(not s["expect"] and not s["refused"] for s in sentences) >= 10  # normal or negated only
    specs = [i["spec"] for s in sentences for i in s["expect"] if "spec" in i]
    assert any(":left:" in s for s in specs) and any(":right:" in s for s in specs)


def test_the_example_from_the_issue_is_read_with_its_phrases():
    text = ("L4-5: right paracentral disc extrusion contacting the traversing right L5 nerve root; moderate right "
            "neural foraminal narrowing")
    reading = read_report(text)
    shown = {(f.topic, f.spec.to_text()) for f in reading.findings if f.status == "shown"}
    assert shown == {("herniation", "L4-L5:subarticular:right:extrusion:0.7"),
                     ("stenosis", "L4-L5:foraminal:right:2")}
    extrusion = next(f for f in reading.findings if f.topic == "herniation")
    assert extrusion.root == "L5"
    phrase = text[extrusion.spans[0].start:extrusion.spans[0].end]
    assert "right paracentral disc extrusion" in phrase and phrase in text
    assert not reading.not_understood


@pytest.mark.parametrize("text", [
    "No disc herniation, canal or foraminal stenosis at L4-5.",
    "L5-S1: The neural foramina are patent. No spondylolisthesis.",
    "L3-4 without foraminal narrowing.",
    "Negative for disc extrusion at L5/S1.",
])
def test_a_negation_makes_no_finding(text):
    assert read_report(text).findings == []


@pytest.mark.parametrize("text", [
    "L4-5: possible small left paracentral protrusion.",
    "A small right subarticular extrusion at L5-S1 cannot be excluded.",
    "L4/5: protrusion versus extrusion, left paracentral.",
])
def test_uncertainty_is_flagged_never_drawn(text):
    reading = read_report(text)
    assert reading.findings and all(f.status == "unsure" for f in reading.findings)
    assert all("uncertain" in f.reasons for f in reading.findings)
    assert not reading.overlays()  # an unsure finding is drawn only when the user ticks it


def test_what_cannot_be_mapped_is_listed_never_dropped():
    text = "L4-5: mild facet arthropathy. Haemangioma in the L3 vertebral body. Tarlov cyst at S2."
    reading = read_report(text)
    assert [(f.status, f.topic, f.level) for f in reading.findings] == [("noted", "facet_arthropathy", "L4-L5")]
    unread = [text[s.start:s.end] for s in reading.not_understood]
    assert any("Haemangioma" in u for u in unread) and any("Tarlov" in u for u in unread)


def test_the_reader_never_invents_a_finding():
    """Every finding read over the corpora comes from a phrase of its own text that names its kind; text with no
    finding in it gives none."""
    heads = {"herniation": ("bulg", "protru", "extru", "sequest", "fragment", "herniat", "hnp", "prolapse"),
             "stenosis": ("stenos", "narrow", "stenotic", "encroach", "compression", "effacement"),
             "spondylolisthesis": ("listhesis", "slip"), "far_out": ("far-out", "ala")}
    for name in CORPORA:
        for entry in corpus(name)["sentences"] + corpus(name)["reports"]:
            reading = read_report(entry["text"])
            for f in reading.findings:
                if f.spec is None:
                    continue
                phrases = [entry["text"][s.start:s.end].lower() for s in f.spans]
                assert all(phrases), entry["id"]
                assert any(h in p for p in phrases for h in heads[f.topic]), (entry["id"], phrases)
    for text in ("The patient is a 45-year-old man.", "Alignment is normal. The conus ends at L1.", ""):
        assert read_report(text).findings == []


def test_level_forms_are_all_read():
    for text in ("L4-5", "L4-L5", "L4/5", "L4/L5", "L4\u20135", "L4 - L5"):
        reading = read_report(f"{text}: moderate left foraminal narrowing.")
        assert [f.spec.to_text() for f in reading.findings] == ["L4-L5:foraminal:left:2"], text
    for text in ("L5-S1", "L5/S1", "the lumbosacral junction", "lumbosacral level"):
        reading = read_report(f"Severe right neural foraminal stenosis at {text}.")
        assert [f.spec.to_text() for f in reading.findings] == ["L5-S1:foraminal:right:3"], text
    reading = read_report("Grade 1 anterolisthesis of L4 on L5 with bilateral L4 pars defects.")
    assert [(f.status, f.spec.to_text()) for f in reading.findings] == [("shown", "L4-L5:isthmic:1")]


def test_what_the_reader_draws_reaches_the_roots_the_geometry_compresses(engine):
    """For every distinct finding read over the corpora, drawn alone: every root the geometry compresses
    (Pfirrmann 1-3) is one its explanation names, and a root the report names is compressed, or else the
    explanation says the picture shows less than the report (a bulge drawn all round reaches no root)."""
    from l5viz.clinical.correlation import compromise_figures
    from l5viz.content import load_clinical_content
    from l5viz.pathology.kinds import Overlays
    from l5viz.report.explain import explain, reached_roots
    from l5viz.report.vocabulary import default_vocabulary

    content, _ = load_clinical_content()
    texts = default_vocabulary().texts
    seen = {}
    for name in CORPORA:
        for entry in corpus(name)["sentences"] + corpus(name)["reports"]:
            named = {item["spec"]: item.get("root") for item in entry["expect"] if "spec" in item}
            for f in read_report(entry["text"]).findings:
                if f.spec is not None:
                    seen.setdefault(f.spec.to_text(), (f, named.get(f.spec.to_text())))
    assert len(seen) >= 80
    wrong = []
    for text, (finding, named) in seen.items():
        result = engine.evaluate(Overlays.of_specs([finding.spec]))
        compressed = {(root, side) for root in ROOT_LEVELS for side in ("left", "right")
                      if compromise_figures(result, root, side)["grade"] >= 1}
        reached = set(reached_roots(finding, content))
        if not compressed <= reached:
            wrong.append((text, "compresses", sorted(compressed - reached)))
        warned = texts["explain"]["named_root"].format(root=named) in explain(finding, content, texts).paragraphs
        if named and not any((named, side) in compressed for side in ("left", "right")) and not (
                warned and named not in {root for root, _ in reached}):
            wrong.append((text, "names", named))
    assert not wrong, wrong


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    return subprocess.run([sys.executable, "-m", "l5viz", "report", *args], capture_output=True, text=True,
                          env=env, input=stdin, timeout=300)


def test_cli_prints_the_findings_as_json_from_a_file_or_standard_input(tmp_path):
    result = run_cli("-", stdin=EXAMPLE.read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["overlays"]["herniation"] == ["L4-L5:central:right:bulge:0.7",
                                              "L4-L5:subarticular:right:extrusion:0.7:caudal"]
    assert {f["status"] for f in data["findings"]} == {"shown", "unsure", "noted"}
    assert all(f["phrases"] and f["phrases"][0]["text"] for f in data["findings"])
    assert any(s["why"] == "section" for s in data["skipped"])


@pytest.mark.parametrize("make,message", [
    (lambda p: p, "is a folder"),
    (lambda p: p / "missing.txt", "no such file"),
    (lambda p: (p / "b.txt").write_bytes(b"\xff\xfe\x00L4\xff") and p / "b.txt", "is not UTF-8 text"),
])
def test_cli_refuses_a_bad_file_in_one_line(tmp_path, make, message):
    result = run_cli(str(make(tmp_path)))
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_cli_renders_the_picture_and_the_handout(tmp_path):
    from PIL import Image

    picture, handout = tmp_path / "report.png", tmp_path / "handout.pdf"
    result = run_cli(str(EXAMPLE), "--render", str(picture), "--handout", str(handout), "--size", "800x500")
    assert result.returncode == 0, result.stderr
    assert Image.open(picture).size == (800, 500)
    assert handout.read_bytes()[:5] == b"%PDF-"


def test_window_bedside_flow_from_pasted_report_to_handout(window, qtbot, tmp_path):
    """Bedside: the report read in its panel sets the scene; ticking an unsure finding adds it; the leg shading and
    correlation follow; the handout speaks for the report."""
    from PySide6.QtCore import Qt

    window.state.set_mode("bedside")
    window.bedside.from_report.click()
    assert window.tabs.currentWidget() is window.report
    reading = window.report.read(EXAMPLE.read_text(encoding="utf-8"))
    assert window.state.overlays == reading.overlays().to_state()
    result = window.scenario.current()
    assert result.intensities[("L5", "right")] > 0.0  # the leg shading follows the compressed root
    assert "L5" in {a.root for a in result.correlation.affected}
    unsure = next(i for i, f in enumerate(reading.findings) if f.status == "unsure")
    item = next(window.report.list.item(r) for r in range(window.report.list.count())
                if window.report.list.item(r).data(Qt.ItemDataRole.UserRole) == unsure)
    item.setCheckState(Qt.CheckState.Checked)
    assert reading.findings[unsure].spec in list(window.scenario.current().overlays)
    path = window.save_handout(tmp_path / "handout.png")
    assert path.exists() and window.handout_source is window.report
    assert any("paracentral disc extrusion" in p for p in window.report.handout_paragraphs())
    window.bedside.pick(window.bedside.scenarios[0])
    assert window.handout_source is window.bedside


def test_window_keeps_its_report_when_a_file_cannot_be_read(window, tmp_path):
    window.report.read(EXAMPLE.read_text(encoding="utf-8"))
    before = window.state.overlays
    messages = []
    window.report.message.connect(messages.append)
    assert not window.report.open_file(tmp_path)
    assert window.state.overlays == before and "is a folder" in messages[0]


def test_a_saved_session_reopens_with_its_report_and_ticks(window, tmp_path):
    """The report and its ticked boxes are saved with the session; reopening keeps the session's own scene."""
    from PySide6.QtCore import Qt

    reading = window.report.read(EXAMPLE.read_text(encoding="utf-8"))
    window.report.list.item(0).setCheckState(Qt.CheckState.Unchecked)  # the clinician leaves the bulge out
    ticked, overlays = window.report.ticked, window.state.overlays
    window.save_session_to(tmp_path / "bedside.l5viz.json")
    window.report.clear()
    assert window.open_session_from(tmp_path / "bedside.l5viz.json")
    assert window.report.reading.text == reading.text and window.report.ticked == ticked
    assert window.state.overlays == overlays and window.handout_source is window.report
