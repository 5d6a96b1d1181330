"""Scheme loading, the expression language and scoring, with hand-computed expectations."""

import json
import math

import pytest

from rocta_desktop.domain.errors import ValidationError
from rocta_desktop.domain.schemes import (
    Interval,
    SchemeError,
    builtin_schemes,
    load_file,
    load_text,
    parse_answers,
    pick,
    score,
    score_json,
)
from rocta_desktop.domain.schemes.expressions import ExpressionError, StepTable, evaluate, parse, render, round_half_up

MORILE = "morile-reference"
OCGM = "ocgm-reference"


def scheme(ref):
    found = pick(builtin_schemes(), ref)
    assert found is not None
    return found


MORILE_ANSWERS = {
    "physical": "substantial", "psychological": "moderate", "financial": "minor", "community": "moderate",
    "scope": "regional", "vulnerability": "high", "likelihood": "likely", "confidence": "medium",
    "capacity": "stretched", "capability": "minor", "organisational_risk": "moderate", "opportunity": "some",
}
OCGM_ANSWERS = {
    "activities": ["drugs_class_a", "firearms", "laundering_service", "oac"], "members": 14,
    "violence": "firearms", "corruption": "suspected", "sophistication": "planned", "resilience": "some",
    "laundering": "basic", "reach": "regional", "links": "established", "community_impact": "significant",
    "confidence": "high",
}


# ------------------------------------------------------------------ expressions

@pytest.mark.parametrize("text, expected", [
    ("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("10 - 4 - 3", 3), ("12 / 3 / 2", 2), ("-2 * -3", 6),
    ("min(4, 2, 9)", 2), ("max(4, 2, 9)", 9), ("sum(1, 2, 3.5)", 6.5), ("round(2.5)", 3), ("round(2.45, 1)", 2.5),
    ("clamp(12, 0, 10)", 10), ("clamp(-1, 0, 10)", 0), ("if(3 > 2, 5, 6)", 5), ("if(3 <= 2, 5, 6)", 6),
    ("2 == 2", 1), ("2 != 2", 0), ("lookup(t, 7)", 20), ("lookup(t, -5)", 0),
])
def test_expression_values(text, expected):
    table = {"t": StepTable(((0, 0), (5, 20), (10, 30)))}
    assert evaluate(parse(text), {}, table) == Interval.of(expected)


@pytest.mark.parametrize("text, column, fragment", [
    ("1 +", 4, "expected a number"), ("2 * (3 + 4", 11, "expected ')'"), ("3 $ 4", 3, "unexpected character '$'"),
    ("foo(1)", 1, "unknown function 'foo'"), ("min()", 1, "min() takes 1 or more arguments"),
    ("round(1, 2, 3)", 1, "takes 1 to 2 arguments"), ("lookup(2, 3)", 1, "table name"), ("1 2", 3, "unexpected '2'"),
    ("", 1, "empty"),
])
def test_expression_errors_name_the_column(text, column, fragment):
    with pytest.raises(ExpressionError) as err:
        parse(text)
    assert err.value.column == column and fragment in str(err.value)


def test_expressions_are_never_handed_to_python():
    for hostile in ("__import__('os')", "a.b", "x[0]", "'text'", "1 ** 2", "lambda: 1"):
        with pytest.raises(ExpressionError):
            parse(hostile)


def test_interval_arithmetic_is_the_exact_hull():
    values = {"a": Interval(1, 3), "b": Interval(-2, 4)}
    assert evaluate(parse("a * b"), values, {}) == Interval(-6, 12)
    assert evaluate(parse("a - b"), values, {}) == Interval(-3, 5)
    assert evaluate(parse("if(a > 2, 10, 0)"), values, {}) == Interval(0, 10)
    assert evaluate(parse("if(a > 0, 10, 0)"), values, {}) == Interval.of(10)
    with pytest.raises(ExpressionError, match="can be zero"):
        evaluate(parse("a / b"), values, {})


def test_round_half_up_is_decimal():
    assert round_half_up(2.675, 2) == 2.68 and round_half_up(0.5) == 1 and round_half_up(-0.5) == -1


def test_render_keeps_meaning():
    node = parse("(a + b) * c - (d - e)")
    assert render(node) == "(a + b) \u00d7 c \u2212 (d \u2212 e)"
    assert render(node, {k: Interval.of(i) for i, k in enumerate("abcde", 1)}) == "(1 + 2) \u00d7 3 \u2212 (4 \u2212 5)"


# ------------------------------------------------------------------ the reference schemes, by hand

def test_morile_reference_hand_computed():
    r = score_json(scheme(MORILE), MORILE_ANSWERS)
    # harm: 3 + 2 + 1 + 2 = 8; x 1.5 (regional) x 1.5 (high vulnerability) = 18; x 0.65 (likely) = 11.7
    assert r.values["harm_subtotal"] == Interval.of(8)
    assert r.values["total_harm"] == Interval.of(18)
    assert r.score == Interval.of(11.7)
    assert [b.label for b in r.band] == ["Moderate"]          # 8 <= 11.7 < 20
    assert r.values["position_score"] == Interval.of(5)       # 1 + 1 + 1 + 2 -> Medium (4..7)
    assert r.priority == ("P3",)                              # Moderate x Medium
    assert r.review_months == 6 and r.determined and r.unknown_count == 0 and not r.low_confidence
    text = {s.id: s.text for s in r.steps}
    assert text["total_harm"] == "harm_subtotal \u00d7 scope \u00d7 vulnerability = 8 \u00d7 1.5 \u00d7 1.5 = 18.00"


def test_morile_worst_case_is_top_priority():
    s = scheme(MORILE)
    worst = {f.id: f.levels[-1].key for f in s.factors}
    worst["confidence"] = "low"
    r = score_json(s, worst)
    # 16 x 2 x 2 = 64; x 0.975 = 62.4 -> Very high; position 3+3+3+3 = 12 -> High; P1
    assert r.score == Interval.of(62.4) and r.band_label == "Very high" and r.priority == ("P1",)
    assert r.low_confidence and r.review_months == 1


def test_ocgm_reference_hand_computed():
    r = score_json(scheme(OCGM), OCGM_ANSWERS)
    # activities 10 + 10 + 6 + 4 = 30 (cap 30); 14 members -> 3 points; capability 10 + 3 + 4 + 2 = 19;
    # laundering 4; reach 4 + links 4 = 8; community 6 -> 30 + 3 + 19 + 4 + 8 + 6 = 70 -> Band A
    assert r.values["activity_score"] == Interval.of(30)
    assert r.values["size_score"] == Interval.of(3)
    assert r.values["capability_score"] == Interval.of(19)
    assert r.score == Interval.of(70)
    assert r.band_label == "Band A" and r.review_months == 3 and r.priority == ()


def test_ocgm_activity_cap_and_empty_selection():
    answers = dict(OCGM_ANSWERS, activities=[o.key for o in scheme(OCGM).factor("activities").options])
    assert score_json(scheme(OCGM), answers).values["activity_score"] == Interval.of(30)
    none = score_json(scheme(OCGM), dict(OCGM_ANSWERS, activities=[]))
    assert none.values["activities"] == Interval.of(0) and "activities" not in none.unknown


def test_unknown_is_a_range_never_zero():
    s = scheme(MORILE)
    answers = dict(MORILE_ANSWERS, physical="unknown", likelihood={"unknown": True, "rationale": "no reporting"})
    r = score_json(s, answers)
    assert r.unknown == ("physical", "likelihood") and r.unknown_count == 2
    # physical could be 0..4: harm 5..9 x 2.25 = 11.25..20.25; likelihood 0.05..0.975
    assert r.values["total_harm"] == Interval(11.25, 20.25)
    assert r.score == Interval(round_half_up(11.25 * 0.05, 1), round_half_up(20.25 * 0.975, 1))
    assert not r.determined and r.band_label == "Low to Moderate"  # 0.56 .. 19.74
    zero = score_json(s, dict(MORILE_ANSWERS, physical="none", likelihood="remote"))
    assert r.score.hi > zero.score.lo


def test_unanswered_is_reported_separately_from_unknown():
    r = score_json(scheme(OCGM), {"members": 3})
    assert "members" not in r.unanswered and "violence" in r.unanswered and r.unknown == ()
    assert r.score.lo < r.score.hi


def test_answer_errors_name_the_factor():
    s = scheme(MORILE)
    with pytest.raises(ValidationError) as err:
        parse_answers(s, {"physical": "lethal", "nonsense": "x", "confidence": "unknown", "scope": 3})
    fields = {p.field for p in err.value.problems}
    assert fields == {"physical", "nonsense", "confidence", "scope"}
    assert "not a level of Physical harm" in err.value.for_field("physical")[0]
    assert "must be answered" in err.value.for_field("confidence")[0]
    with pytest.raises(ValidationError, match="outside 1-500"):
        parse_answers(scheme(OCGM), {"members": 900})


def test_result_json_is_stable_and_serialisable():
    a = score_json(scheme(MORILE), MORILE_ANSWERS).to_json()
    b = score_json(scheme(MORILE), dict(reversed(list(MORILE_ANSWERS.items())))).to_json()
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert a["scheme"] == MORILE and a["version"] == "1.0" and a["engine"]


# ------------------------------------------------------------------ malformed scheme files

def _minimal():
    return {
        "format": 1, "id": "test-scheme", "version": "1.0", "title": "T", "method": "Test", "applies_to": ["group"],
        "sections": [{"id": "s", "title": "S", "factors": [
            {"id": "a", "title": "A", "type": "level", "levels": [
                {"key": "low", "label": "Low", "value": 0}, {"key": "high", "label": "High", "value": 2}]},
            {"id": "n", "title": "N", "type": "number", "minimum": 1, "maximum": 5}]}],
        "calculations": [{"id": "total", "title": "Total", "expression": "a + n"}],
        "bands": [{"id": "band", "title": "Band", "of": "total", "bands": [
            {"label": "Low", "from": 0}, {"label": "High", "from": 4}]}],
        "outcome": {"score": "total", "band": "band"},
    }


def _broken(change):
    data = _minimal()
    change(data)
    return json.dumps(data)


@pytest.mark.parametrize("change, where, reason", [
    (lambda d: d.pop("sections"), "", "'sections' is missing"),
    (lambda d: d.update(format=2), "format", "scheme format 1"),
    (lambda d: d.update(version="one"), "version", "not a version number"),
    (lambda d: d.update(colour="red"), "colour", "not a known key"),
    (lambda d: d["sections"][0]["factors"][0]["levels"][1].update(value="2"),
     "sections[0].factors[0].levels[1].value", "must be a number"),
    (lambda d: d["sections"][0]["factors"][0]["levels"][1].update(value=-1),
     "sections[0].factors[0].levels[1].value", "least to most serious"),
    (lambda d: d["sections"][0]["factors"][0]["levels"][1].update(key="low"),
     "sections[0].factors[0].levels[1].key", "already used"),
    (lambda d: d["sections"][0]["factors"][1].update(id="a"), "sections[0].factors[1].id", "already used"),
    (lambda d: d["sections"][0]["factors"][1].pop("maximum"), "sections[0].factors[1]", "'maximum' is missing"),
    (lambda d: d["calculations"][0].update(expression="a + + "), "calculations[0].expression", "at column 5"),
    (lambda d: d["calculations"][0].update(expression="a + b"), "calculations[0].expression", "unknown name 'b'"),
    (lambda d: d["calculations"][0].update(expression="a / (n - 1)"), "calculations[0].expression", "can be zero"),
    (lambda d: d["calculations"][0].update(expression="lookup(t, a)"), "calculations[0].expression", "unknown lookup"),
    (lambda d: d["bands"][0]["bands"][1].update({"from": 0}), "bands[0].bands[1].from", "lowest to highest"),
    (lambda d: d["outcome"].update(band="nope"), "outcome.band", "not a band set"),
    (lambda d: d.update(matrices=[{"id": "m", "title": "M", "rows": "band", "columns": "band", "outcomes": ["X"],
                                   "cells": {"Low": {"Low": "X", "High": "X"}, "High": {"Low": "X"}}}]),
     "matrices[0].cells.High", "'High' is missing"),
])
def test_malformed_scheme_names_place_and_reason(change, where, reason):
    with pytest.raises(SchemeError) as err:
        load_text(_broken(change), "mine.json")
    assert err.value.source == "mine.json" and err.value.where == where, str(err.value)
    assert reason in err.value.reason, str(err.value)


def test_calculation_order_is_explained():
    def swap(d):
        d["calculations"] = [{"id": "double", "title": "D", "expression": "total * 2"},
                             {"id": "total", "title": "T", "expression": "a + n"}]
    with pytest.raises(SchemeError, match="defined later"):
        load_text(_broken(swap))


def test_not_json_gives_line_and_column(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "format": 1,\n  "id": "x"\n  "version": "1"\n}')
    with pytest.raises(SchemeError) as err:
        load_file(path)
    assert err.value.where == "line 4, column 3" and "Expecting ','" in err.value.reason
    with pytest.raises(SchemeError, match="does not exist"):
        load_file(tmp_path / "missing.json")
    (tmp_path / "latin.json").write_bytes(b'{"title": "caf\xe9"}')
    with pytest.raises(SchemeError, match="not UTF-8"):
        load_file(tmp_path / "latin.json")


def test_a_new_scheme_file_loads_without_code_changes():
    data = _minimal()
    data["id"], data["version"] = "rocu-controlled", "2.1"
    s = load_text(json.dumps(data))
    r = score_json(s, {"a": "high", "n": 3})
    assert s.ref == "rocu-controlled@2.1" and r.score == Interval.of(5) and r.band_label == "High"
    assert len(s.sha256) == 64


def test_every_shipped_scheme_is_labelled_and_scores_at_the_extremes():
    for s in builtin_schemes():
        assert "REFERENCE" in s.notice
        low = score(s, {})
        assert all(math.isfinite(v.lo) and math.isfinite(v.hi) for v in low.values.values())


def test_compare_positions_flags_outliers_allowing_for_unknowns():
    from rocta_desktop.domain.schemes.compare import compare_positions
    assert compare_positions(("MoRiLE", (1.0, 1.0)), ("OCGM", (0.0, 0.0))).disagree
    agree = compare_positions(("MoRiLE", (0.67, 0.67)), ("OCGM", (0.33, 0.33)))
    assert not agree.disagree and agree.gap == pytest.approx(0.34)
    # unknowns: OCGM could be anywhere from the bottom to the middle, so the sure gap is 0.5
    flagged = compare_positions(("MoRiLE", (1.0, 1.0)), ("OCGM", (0.0, 0.5)))
    assert flagged.disagree and "MoRiLE rates this subject much more serious than OCGM" in flagged.message
    assert not compare_positions(("MoRiLE", (1.0, 1.0)), ("OCGM", (0.0, 0.67))).disagree
