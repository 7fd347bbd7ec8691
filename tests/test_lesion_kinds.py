"""Lesion kinds are plug-ins: every registered kind's text form, saved form, schema and panel form come from
its one list of fields, so they accept the same things and round-trip."""

from __future__ import annotations

import itertools
import json
import re

import pytest

from l5viz.pathology.kinds import Overlays, kind_named, overlay_schema, registry
from l5viz.pathology.specs import SpecError
from l5viz.paths import REPO_ROOT

KINDS = list(registry().values())


def candidates(kind) -> list[str]:
    """Texts to try: for each combination of the fields others depend on, combinations of the fields that then
    apply (numbers at their ends and middle; the first 60), every combination of all fields' values as one
    text, and broken variants."""
    spec = kind.spec
    texts = {kind.default, spec.EXAMPLE}

    def values_of(f, values=None):
        if not f.numeric:
            return f.options(values) if values is not None else f.choices
        return (f"{f.low:g}", f"{(f.low + f.high) / 2:g}", f"{f.high:g}")

    texts |= {":".join(parts) for parts in itertools.product(*(values_of(f) for f in spec.FIELDS))}
    for values in spec._condition_values():
        fields = [f for f in spec.FIELDS if f.applies(values)]
        choices = [(values[f.name],) if f.name in values else values_of(f, values) for f in fields]
        texts |= {":".join(parts) for parts in itertools.islice(itertools.product(*choices), 60)}
    for text in list(texts)[:40]:
        parts = text.split(":")
        texts |= {":".join(parts[:-1]), text + ":", text + ":x", text.replace(parts[0], "L1-L2", 1),
                  ":".join(parts[:1] + ["nonsense"] + parts[2:])}
    texts |= {kind.default.rsplit(":", 1)[0] + f":{bad}" for bad in ("9", "-1", "1.5", "abc", "")}
    return sorted(texts)


def parses(kind, text: str) -> bool:
    try:
        kind.spec.parse(text)
        return True
    except SpecError:
        return False


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_a_kinds_schema_pattern_accepts_exactly_what_its_parser_accepts(kind):
    pattern = re.compile(kind.spec.text_pattern())
    tried = candidates(kind)
    accepted = [t for t in tried if parses(kind, t)]
    assert len(accepted) >= 4 and len(tried) - len(accepted) >= 4  # both sides of the line are tried
    for text in tried:
        assert bool(pattern.match(text)) == parses(kind, text), text


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_every_spec_round_trips_through_text_and_saved_forms(kind):
    for text in (t for t in candidates(kind) if parses(kind, t)):
        spec = kind.spec.parse(text)
        assert kind.spec.parse(spec.to_text()) == spec
        assert kind.spec.from_state(spec.to_state()) == spec
        assert Overlays.from_state(Overlays((spec,)).to_state()).specs == (spec,)


def test_the_overlay_schema_is_the_one_the_kinds_write():
    written = json.loads((REPO_ROOT / "annotations" / "schema" / "overlays.schema.json").read_text(encoding="utf-8"))
    assert written == overlay_schema()
    assert set(written["$defs"]["texts"]["properties"]) == set(registry())


def test_an_unknown_kind_is_refused_with_the_valid_kinds():
    with pytest.raises(SpecError, match="valid kinds: .*herniation"):
        Overlays.from_texts({"tumour": ["L4-L5"]})
    with pytest.raises(SpecError, match="valid kinds"):
        kind_named("cyst")


def test_a_bad_value_names_the_part_and_the_valid_values():
    herniation = kind_named("herniation").spec
    with pytest.raises(SpecError, match="migration needs a type of extrusion, sequestration"):
        herniation.parse("L4-L5:subarticular:right:protrusion:0.5:caudal")
    with pytest.raises(SpecError, match="valid levels: L3-L4, L4-L5, L5-S1"):
        herniation.parse("L2-L3:central:left:bulge")
