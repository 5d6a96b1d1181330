"""Tasking rules without a database: board transitions and who may make them, the ranking key of
the priority list, and the change marks against a T&CG snapshot."""

import pytest

from rocta_desktop.domain.errors import PermissionDenied, ValidationError
from rocta_desktop.domain.fourp import FourP
from rocta_desktop.domain.tasking import (
    BOARD_ORDER,
    Change,
    MoveFacts,
    RangeRule,
    TaskStatus,
    changes,
    check_move,
    needs_intelligence,
    neighbour,
    priority_bucket,
    priority_rank,
    rank_key,
)
from rocta_desktop.domain.users import ROLE_PERMISSIONS, Role

S = TaskStatus
ANALYST, SUPERVISOR = ROLE_PERMISSIONS[Role.ANALYST], ROLE_PERMISSIONS[Role.SUPERVISOR]


def facts(perms=SUPERVISOR, owner=True, outcome=None, reason=None):
    return MoveFacts(perms, owner, outcome, reason)


def test_fourp_values_and_labels():
    assert [(p.value, p.label) for p in FourP] == [("pursue", "Pursue"), ("prevent", "Prevent"),
                                                   ("protect", "Protect"), ("prepare", "Prepare")]


def test_the_life_of_a_request_forward_and_back():
    path = [S.PROPOSED, S.ACCEPTED, S.ALLOCATED, S.IN_PROGRESS, S.REVIEW, S.CLOSED]
    for a, b in zip(path, path[1:]):
        check_move(a, b, facts(outcome="two arrests"))
    check_move(S.REVIEW, S.IN_PROGRESS, facts())      # rework
    check_move(S.CLOSED, S.REVIEW, facts())           # reopened
    check_move(S.DECLINED, S.PROPOSED, facts())       # brought back to the next T&CG


@pytest.mark.parametrize("a, b", [(S.PROPOSED, S.ALLOCATED), (S.PROPOSED, S.CLOSED), (S.ACCEPTED, S.CLOSED),
                                  (S.IN_PROGRESS, S.DECLINED), (S.DECLINED, S.ACCEPTED), (S.CLOSED, S.PROPOSED)])
def test_skipping_columns_is_refused_with_the_allowed_ones(a, b):
    with pytest.raises(ValidationError, match="cannot move to") as err:
        check_move(a, b, facts(outcome="x", reason="y"))
    assert err.value.problems[0].field == "status" and "it can move to" in str(err.value)


def test_only_a_supervisor_accepts_declines_and_closes():
    for a, b, word in [(S.PROPOSED, S.ACCEPTED, "accepts"), (S.PROPOSED, S.DECLINED, "declines"),
                       (S.REVIEW, S.CLOSED, "closes")]:
        with pytest.raises(PermissionDenied, match=f"only a supervisor {word}"):
            check_move(a, b, facts(ANALYST, outcome="done", reason="no capacity"))
        check_move(a, b, facts(SUPERVISOR, outcome="done", reason="no capacity"))
    check_move(S.ACCEPTED, S.ALLOCATED, facts(ANALYST))   # the analyst does the work moves
    check_move(S.IN_PROGRESS, S.REVIEW, facts(ANALYST))


def test_allocating_needs_an_owner_closing_an_outcome_declining_a_reason():
    with pytest.raises(ValidationError) as err:
        check_move(S.ACCEPTED, S.ALLOCATED, facts(owner=False))
    assert err.value.problems[0].field == "owner"
    with pytest.raises(ValidationError) as err:
        check_move(S.REVIEW, S.CLOSED, facts(outcome="   "))
    assert err.value.problems[0].field == "outcome"
    with pytest.raises(ValidationError) as err:
        check_move(S.PROPOSED, S.DECLINED, facts(reason=""))
    assert err.value.problems[0].field == "rationale"


def test_neighbours_follow_the_board_order():
    assert BOARD_ORDER[0] is S.PROPOSED and BOARD_ORDER[-1] is S.DECLINED
    assert neighbour(S.PROPOSED, +1) is S.ACCEPTED and neighbour(S.PROPOSED, -1) is None
    assert neighbour(S.REVIEW, +1) is S.CLOSED and neighbour(S.DECLINED, +1) is None


def test_priority_rank_reads_a_range_by_the_regions_rule_and_flags_what_needs_intelligence():
    got = [priority_rank(p) for p in ("P1", "P2", "P3", "P4", "P4 to P3", "P4 to P1", None, "", "high")]
    assert got == [1, 2, 3, 4, 3.5, 2.5, 5, 5, 5]          # the midpoint unless the region says otherwise
    assert priority_rank("P4 to P1", RangeRule.UPPER) == 1 and priority_rank("P4 to P1", RangeRule.LOWER) == 4
    assert [priority_bucket(p) for p in ("P4 to P1", "P3 to P2", "P2", None)] == [2, 2, 2, 5]
    assert [needs_intelligence(p) for p in ("P4 to P1", "P2", None)] == [True, False, False]


def test_a_range_ranks_below_firm_results_unless_the_region_ranks_by_the_worst_case():
    rows = {"FIRM-P1": ("P1", (30.0, 30.0)), "WIDE": ("P4 to P1", (5.0, 40.0)), "FIRM-P2": ("P2", (22.0, 22.0)),
            "FIRM-P3": ("P3", (12.0, 12.0))}

    def order(rule: RangeRule) -> list[str]:
        return sorted(rows, key=lambda r: rank_key(rows[r][0], rows[r][1], None, r, rule))
    assert order(RangeRule.MIDPOINT) == ["FIRM-P1", "FIRM-P2", "WIDE", "FIRM-P3"]
    assert order(RangeRule.UPPER) == ["WIDE", "FIRM-P1", "FIRM-P2", "FIRM-P3"]
    assert order(RangeRule.LOWER) == ["FIRM-P1", "FIRM-P2", "FIRM-P3", "WIDE"]


def test_rank_key_priority_then_morile_then_ocgm_then_reference_unassessed_last():
    rows = {
        "OCG-5": (None, None, None),                   # no approved assessment
        "OCG-1": ("P2", (23.4, 23.4), None),
        "OCG-2": ("P1", (20.0, 20.0), (40, 40)),       # P1 beats a higher P2 score
        "OCG-3": ("P2", (23.4, 23.4), (70, 70)),       # same MoRiLE as OCG-1: the OCGM score decides
        "OCG-4": ("P2", (23.4, 23.4), (70, 70)),       # a full tie: the reference decides
        "OCG-6": (None, None, (90, 90)),               # OCGM only: assessed, no priority
        "OCG-7": ("P2", (20.0, 30.0), None),           # unknown answers: the worst case ranks it first
    }
    order = sorted(rows, key=lambda r: rank_key(rows[r][0], rows[r][1], rows[r][2], r))
    assert order == ["OCG-2", "OCG-7", "OCG-3", "OCG-4", "OCG-1", "OCG-6", "OCG-5"]


def test_changes_compare_positions_among_the_subjects_on_both_lists():
    before = ["A", "B", "C", "D"]
    now = ["N", "C", "A", "B"]       # N new above everyone; C overtook A and B; D dropped off
    got = changes(before, now)
    assert got == {"N": Change.NEW, "C": Change.UP, "A": Change.DOWN, "B": Change.DOWN, "D": Change.ARCHIVED}
    same = changes(before, ["X", "A", "B", "C", "D"])  # a new top entry moves nobody
    assert {k: v for k, v in same.items() if v is not Change.SAME} == {"X": Change.NEW}


def test_a_decision_reads_as_made():
    from rocta_desktop.domain.tasking import Decision
    assert [d.done for d in Decision] == ["Accepted", "Declined", "Deferred"]  # never "Declineed"
