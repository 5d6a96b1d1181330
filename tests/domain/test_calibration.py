"""The pure parts of issue #25: agreement between analysts (Krippendorff's alpha, ordinal, and its
per-factor share), tendencies, the management level rules, and the worked guidance of both reference
schemes (complete, checked against the scheme, and never changing a scheme's text)."""

from __future__ import annotations

import hashlib
import math
import random

import krippendorff
import numpy as np
import pytest

from rocta_desktop.domain.calibration import (
    alpha,
    alpha_from,
    disagreement,
    position,
    reliability_table,
    results,
    units,
    verdict,
)
from rocta_desktop.domain.errors import ValidationError
from rocta_desktop.domain.guidance import check_guidance, gaps
from rocta_desktop.domain.management import basis_for, check_rule, combine, load_rule
from rocta_desktop.domain.schemes import builtin_schemes, parse_answers, pick
from rocta_desktop.domain.schemes.registry import schemes_folder
from rocta_desktop.domain.subjects import ManagementLevel
from rocta_desktop.domain.tasking import RangeRule
from rocta_desktop.services.assessments import levels_folder
from rocta_desktop.services.guidance import guidance_for
from tests.domain.test_schemes import MORILE_ANSWERS

MORILE = pick(builtin_schemes(), "morile-reference")
OCGM = pick(builtin_schemes(), "ocgm-reference")


@pytest.mark.parametrize("seed", range(40))
def test_the_factor_shares_add_up_to_krippendorffs_alpha(seed):
    rng = random.Random(seed)
    values = [0, 0.25, 0.5, 0.75, 1, 1 / 3, 2 / 3, 1 / 6]
    table = [[rng.choice(values) if rng.random() > 0.25 else math.nan for _ in range(rng.randint(2, 14))]]
    table += [[rng.choice(values) if rng.random() > 0.25 else math.nan for _ in table[0]]
              for _ in range(rng.randint(1, 4))]
    expected = krippendorff.alpha(reliability_data=np.array(table), level_of_measurement="ordinal") \
        if alpha(table) is not None else None
    d = disagreement(table)
    assert alpha(table) == (pytest.approx(expected) if expected is not None else None)
    if d is not None and expected is not None:
        assert alpha_from(d) == pytest.approx(expected)


def test_unknown_is_missing_not_the_bottom_of_the_scale():
    physical = MORILE.factor("physical")
    answers = parse_answers(MORILE, {"physical": {"unknown": True}, "scope": "national"})
    assert position(physical, answers["physical"]) is None
    assert position(MORILE.factor("scope"), answers["scope"]) == 0.75
    activities = OCGM.factor("activities")
    chosen = parse_answers(OCGM, {"activities": ["firearms"]})["activities"]
    assert position(activities, chosen, "firearms") == 1.0 and position(activities, chosen, "cyber") == 0.0
    members = parse_answers(OCGM, {"members": 250.5})["members"]
    assert position(OCGM.factor("members"), members) == pytest.approx((250.5 - 1) / 499)
    assert len(units(OCGM)) == len(OCGM.factors) - 1 + len(activities.options)


def test_results_name_spread_tendency_and_guidance():
    answers = {"Ana": parse_answers(MORILE, {**MORILE_ANSWERS, "physical": "none", "psychological": "none",
                                             "community": "none"}),
               "Bob": parse_answers(MORILE, {**MORILE_ANSWERS, "physical": "critical", "likelihood": "almost_certain",
                                             "psychological": "critical"}),
               "Cat": parse_answers(MORILE, MORILE_ANSWERS)}
    g = guidance_for(MORILE)
    found = results(MORILE, answers, {k: {"guidance": v.guidance, "examples": dict(v.examples)}
                                       for k, v in g.factors.items()})
    table = reliability_table(MORILE, answers)
    assert found.alpha == pytest.approx(krippendorff.alpha(reliability_data=np.array(table),
                                                           level_of_measurement="ordinal"))
    physical = next(f for f in found.factors if f.factor == "physical")
    assert physical.spread == "None to Critical" and physical.steps == 4 and physical.drifts
    assert physical.higher == ("Bob",) and physical.lower == ("Ana",)
    assert "Critical: Loss of life" in physical.guidance and "Example: A shooting" in physical.guidance
    assert found.most_disagreement[0].factor == "physical"
    assert {t.analyst: t.tendency for t in found.tendencies} == {"Ana": "lower", "Bob": "higher", "Cat": "in line"}
    # one factor apart is not a tendency: it shows on the factor, and the analyst's mean stays in line
    same = parse_answers(MORILE, MORILE_ANSWERS)
    one = results(MORILE, {"Ana": parse_answers(MORILE, {**MORILE_ANSWERS, "physical": "none"}), "Bob": same,
                           "Cat": same})
    ana = next(t for t in one.tendencies if t.analyst == "Ana")
    assert ana.tendency == "in line" and ana.lower_on == ("Physical harm",)
    assert verdict(0.9) == "good agreement" and verdict(0.7) == "tentative agreement" and verdict(None) == \
        "not measurable"


# ------------------------------------------------------------------ management level rules

def test_the_shipped_level_rules_fit_their_schemes():
    ocgm = load_rule(levels_folder() / "ocgm-reference.json", OCGM)
    morile = load_rule(levels_folder() / "morile-reference.json", MORILE)
    assert ocgm.source == "band" and ocgm.levels["Band A"] is ManagementLevel.NATIONAL
    assert morile.source == "priority" and morile.levels["P4"] is ManagementLevel.LOCAL


@pytest.mark.parametrize("change, message", [
    ({"scheme": "morile-reference"}, "it is for 'morile-reference'"),
    ({"from": "score"}, "'from' must be one of band, priority"),
    ({"levels": {"Band A": "national"}}, "missing: Band D, Band C, Band B"),
    ({"levels": {"Band A": "global", "Band B": "local", "Band C": "local", "Band D": "local"}}, "'global' is not one"),
    ({"from": "priority"}, "gives no priority"),
])
def test_a_level_rule_is_checked_against_its_scheme(change, message):
    rule = {"scheme": "ocgm-reference", "from": "band",
            "levels": {"Band A": "national", "Band B": "regional", "Band C": "regional", "Band D": "local"}}
    with pytest.raises(ValidationError, match=message):
        check_rule({**rule, **change}, OCGM, "rule.json")


@pytest.mark.parametrize("range_rule, level", [(RangeRule.LOWER, "local"), (RangeRule.MIDPOINT, "regional"),
                                               (RangeRule.UPPER, "national")])
def test_a_range_suggests_by_the_regions_range_rule(range_rule, level):
    rule = check_rule({"scheme": "ocgm-reference", "from": "band",
                       "levels": {"Band A": "national", "Band B": "regional", "Band C": "regional",
                                  "Band D": "local"}}, OCGM, "rule")
    b = basis_for("ASM-1", "OCGM", rule, {"band": ["Band D", "Band C", "Band B", "Band A"]}, range_rule)
    assert b.level.value == level and b.possible == (ManagementLevel.LOCAL, ManagementLevel.REGIONAL,
                                                     ManagementLevel.NATIONAL)
    assert "unknown answers leave it local or regional or national" in b.words


def test_the_most_senior_suggestion_applies():
    morile = load_rule(levels_folder() / "morile-reference.json", MORILE)
    ocgm = load_rule(levels_folder() / "ocgm-reference.json", OCGM)
    a = basis_for("ASM-1", "MoRiLE", morile, {"priority": ["P2"]}, RangeRule.MIDPOINT)
    b = basis_for("ASM-2", "OCGM", ocgm, {"band": ["Band D"]}, RangeRule.MIDPOINT)
    found = combine([a, b])
    assert found.level is ManagementLevel.REGIONAL and "more senior level applies: regional (from MoRiLE)" in found.why
    assert combine([]).level is None


# ------------------------------------------------------------------ worked guidance

@pytest.mark.parametrize("scheme", [MORILE, OCGM], ids=lambda s: s.id)
def test_every_factor_of_both_reference_schemes_has_guidance_and_an_example_for_every_level(scheme):
    g = guidance_for(scheme)
    assert g is not None and gaps(g, scheme) == []
    assert all(g.of(f.id).guidance for f in scheme.factors)  # plain guidance written for every factor


def test_guidance_is_checked_against_its_scheme():
    with pytest.raises(ValidationError, match="'lethal' is not a level or option of Physical harm"):
        check_guidance({"scheme": "morile-reference", "factors": {"physical": {"examples": {"lethal": "x"}}}},
                       MORILE, "g.json")
    with pytest.raises(ValidationError, match="nonsense: not a factor"):
        check_guidance({"scheme": "morile-reference", "factors": {"nonsense": {}}}, MORILE, "g.json")
    assert gaps(None, OCGM)  # without the file, most levels have no example


def test_guidance_lives_beside_the_schemes_and_never_changes_their_text():
    """A shipped scheme's text is its identity (stored with every assessment, by SHA-256): a word changed
    under the same version would be refused by every workspace that stored it. The reference schemes'
    text is what it was before the guidance was written."""
    pinned = {"morile-reference-1.0.json": "4010cffa28abcd19005290095ccbc7e20c9d1ebf014142ab79781c2beb951746",
              "ocgm-reference-1.0.json": "eec643da224a661e5084c60e58c62ecd24a07b8dc7bff546666a1a4854d5c0c2"}
    for name, sha in pinned.items():
        assert hashlib.sha256((schemes_folder() / name).read_bytes()).hexdigest() == sha
    assert {s.sha256 for s in builtin_schemes()} == set(pinned.values())
