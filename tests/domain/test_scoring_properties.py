"""Properties every shipped scheme must keep, checked with hypothesis over random answers:
determinism, monotonicity where the scheme says a factor raises the score, and sound unknowns."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from rocta_desktop.domain.schemes import Answer, Direction, FactorKind, builtin_schemes, score

SCHEMES = builtin_schemes()


def concrete(factor):
    if factor.kind is FactorKind.LEVEL:
        return st.sampled_from(factor.levels).map(lambda lv: Answer(level=lv.key))
    if factor.kind is FactorKind.MULTI:
        keys = [o.key for o in factor.options]
        return st.lists(st.sampled_from(keys), unique=True).map(
            lambda chosen: Answer(selected=tuple(k for k in keys if k in chosen)))
    return st.integers(int(factor.minimum), int(factor.maximum)).map(lambda n: Answer(number=float(n)))


@st.composite
def full_answers(draw, scheme):
    return {f.id: draw(concrete(f)) for f in scheme.factors}


@st.composite
def scheme_and_answers(draw):
    scheme = draw(st.sampled_from(SCHEMES))
    return scheme, draw(full_answers(scheme))


def raised(factor, answer):
    """The same answer one step more serious, or None at the top."""
    if factor.kind is FactorKind.LEVEL:
        keys = [lv.key for lv in factor.levels]
        i = keys.index(answer.level)
        return Answer(level=keys[i + 1]) if i + 1 < len(keys) else None
    if factor.kind is FactorKind.MULTI:
        missing = [o.key for o in factor.options if o.key not in answer.selected]
        return Answer(selected=answer.selected + (missing[0],)) if missing else None
    return Answer(number=answer.number + 1) if answer.number + 1 <= factor.maximum else None


def severity(result):
    """Headline score, band level and priority rank: none of them may go down when harm goes up."""
    matrix = result.scheme.matrix(result.scheme.outcome.priority) if result.scheme.outcome.priority else None
    prio = matrix.outcomes.index(result.priority[0]) if matrix else 0
    return result.score.lo, result.band[0].level, prio


@settings(max_examples=300, deadline=None)
@given(scheme_and_answers())
def test_deterministic(pair):
    scheme, answers = pair
    first = json.dumps(score(scheme, answers).to_json(), sort_keys=True)
    again = json.dumps(score(scheme, dict(reversed(list(answers.items())))).to_json(), sort_keys=True)
    assert first == again


@settings(max_examples=400, deadline=None)
@given(scheme_and_answers(), st.data())
def test_monotone_where_a_factor_raises_the_score(pair, data):
    scheme, answers = pair
    rising = [f for f in scheme.factors if f.direction is Direction.RAISES]
    factor = data.draw(st.sampled_from(rising))
    higher = raised(factor, answers[factor.id])
    if higher is None:
        return
    before, after = score(scheme, answers), score(scheme, {**answers, factor.id: higher})
    assert all(b <= a for b, a in zip(severity(before), severity(after))), (factor.id, severity(before), severity(after))


@settings(max_examples=300, deadline=None)
@given(scheme_and_answers(), st.data())
def test_unknown_range_contains_every_possible_answer(pair, data):
    scheme, answers = pair
    may_be_unknown = [f.id for f in scheme.factors if f.unknown_allowed]
    hidden = data.draw(st.lists(st.sampled_from(may_be_unknown), unique=True, min_size=1))
    partial = {k: (Answer(unknown=True) if k in hidden else v) for k, v in answers.items()}
    ranged, exact = score(scheme, partial), score(scheme, answers)
    assert exact.score.lo in ranged.score
    assert {b.label for b in exact.band} <= {b.label for b in ranged.band}
    assert set(exact.priority) <= set(ranged.priority)
    assert ranged.unknown == tuple(f.id for f in scheme.factors if f.id in hidden)
    assert ranged.unknown_count == len(hidden)


@settings(max_examples=200, deadline=None)
@given(scheme_and_answers(), st.data())
def test_unknown_is_not_scored_as_the_lowest_answer(pair, data):
    scheme, answers = pair
    candidates = [f for f in scheme.factors if f.unknown_allowed and f.direction is Direction.RAISES
                  and f.value_range[0] < f.value_range[1]]
    factor = data.draw(st.sampled_from(candidates))
    if factor.kind is FactorKind.LEVEL:
        lowest = Answer(level=factor.levels[0].key)
    else:
        lowest = Answer(selected=()) if factor.kind is FactorKind.MULTI else Answer(number=factor.minimum)
    unknown = score(scheme, {**answers, factor.id: Answer(unknown=True)})
    at_lowest = score(scheme, {**answers, factor.id: lowest})
    assert unknown.values[factor.id].hi > at_lowest.values[factor.id].hi
    assert unknown.score.lo <= at_lowest.score.lo <= unknown.score.hi
