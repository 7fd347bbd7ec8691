"""How well the reader reads a corpus of reports written with their expected findings (tests/report_corpus.json).

An item is a finding's status with its lesion spec ("shown", "herniation", "L4-L5:...") or, for a noted one, its
topic and level. Precision is the share of the items read that were expected; recall the share of the expected
items read. Refusals are scored apart, on the sentences: one marked refused must leave something not understood,
and no other may.
"""

from __future__ import annotations

from collections import Counter

from l5viz.report.reader import Reading, read_report


def items(reading: Reading) -> Counter:
    out = Counter()
    for f in reading.findings:
        out[(f.status, f.topic, f.spec.to_text()) if f.spec is not None else (f.status, f.topic, f.level)] += 1
    return out


def expected_items(entry: dict) -> Counter:
    out = Counter()
    for item in entry["expect"]:
        out[(item["status"], item["kind"], item["spec"]) if "spec" in item
            else (item["status"], item["topic"], item["level"])] += 1
    return out


def score_corpus(corpus: dict) -> dict:
    """Precision, recall and refusals over every sentence and whole report, with each entry's misses."""
    read = expected = hit = 0
    refusals = {"expected": 0, "caught": 0, "false": 0}
    misses = []
    for entry in corpus["sentences"] + [{**r, "refused": None} for r in corpus["reports"]]:
        reading = read_report(entry["text"])
        got, want = items(reading), expected_items(entry)
        both = got & want
        read += sum(got.values())
        expected += sum(want.values())
        hit += sum(both.values())
        refused = entry["refused"]  # None for a whole report: its unmapped lines are not scored
        unread = bool(reading.not_understood)
        if refused is not None:
            refusals["expected"] += refused
            refusals["caught"] += refused and unread
            refusals["false"] += unread and not refused
        if got != want or refused is not None and unread != refused:
            misses.append({"id": entry["id"], "extra": sorted(got - want), "missed": sorted(want - got),
                           "not_understood": [reading.text[s.start:s.end] for s in reading.not_understood],
                           "refused": refused})
    return {"precision": hit / read if read else 1.0, "recall": hit / expected if expected else 1.0,
            "items_read": read, "items_expected": expected, "items_matched": hit,
            "entries": len(corpus["sentences"]) + len(corpus["reports"]), "refusals": refusals, "misses": misses}
