"""Moderation figures from the assessments' review history on a real encrypted workspace: how often
each analyst's and each scheme's work is returned, for which factors, and how long approval takes;
supervisors see everyone's figures, an analyst only their own; need to know applies."""

import datetime as dt

import pytest

from rocta_desktop.domain.moderation import APPROVE, RETURN, SAVE, SUBMIT, Event, History, cycle, figures
from rocta_desktop.services import assessments, registers, users
from rocta_desktop.services.moderation import moderation_figures
from tests.conftest import TEAM_PASSWORD
from tests.domain.test_schemes import MORILE_ANSWERS, OCGM_ANSWERS


@pytest.fixture
def history(workspace, team, frozen_clock):
    workspace.write("u", users.add_user, "bob", TEAM_PASSWORD, "analyst", "Bob", clearance="SECRET")
    with workspace.operation("test") as uow:
        group = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL-SENSITIVE",
                                             "management_level": "regional"}).id
        nominal = registers.create_nominal(uow, {"surname": "Lane", "forenames": "Kit", "marking": "SECRET"}).id
    ana, bob, sam, sue = team.open("ana"), team.open("bob"), team.open("sam"), team.open("sue")
    day = dt.timedelta(days=1)
    # Ana's MoRiLE: returned once about the physical harm; she changes it and the financial rationale
    a1 = ana.write("a", assessments.start, group, "morile-reference").id
    ana.write("a", assessments.save, a1, MORILE_ANSWERS)
    ana.write("a", assessments.submit, a1)
    frozen_clock.shift(day)
    sam.write("a", assessments.return_for_changes, a1, "Evidence the physical harm: which stabbing?")
    frozen_clock.shift(day)
    ana.write("a", assessments.save, a1, {**MORILE_ANSWERS, "physical": {"level": "critical", "rationale": "Op X"},
                                          "financial": {"level": "minor", "rationale": "bank figures"}})
    ana.write("a", assessments.submit, a1)
    frozen_clock.shift(day)
    sue.write("a", assessments.approve, a1)
    # Ana's OCGM: approved first time, after two days
    a2 = ana.write("a", assessments.start, group, "ocgm-reference").id
    ana.write("a", assessments.save, a2, OCGM_ANSWERS)
    ana.write("a", assessments.submit, a2)
    frozen_clock.shift(2 * day)
    sam.write("a", assessments.approve, a2)
    # Bob's MoRiLE of a SECRET nominal: returned twice, still not approved
    b1 = bob.write("a", assessments.start, nominal, "morile-reference").id
    bob.write("a", assessments.save, b1, MORILE_ANSWERS)
    bob.write("a", assessments.submit, b1)
    sam.write("a", assessments.return_for_changes, b1, "Likelihood is too high for what we know")
    bob.write("a", assessments.save, b1, {**MORILE_ANSWERS, "likelihood": "realistic"})
    bob.write("a", assessments.submit, b1)
    sue.write("a", assessments.return_for_changes, b1, "Confidence in the assessment should be low")
    return {"ana": ana, "bob": bob, "sam": sam, "sue": sue}


def test_figures_per_analyst_and_scheme_from_the_review_history(history):
    found = history["sam"].read(moderation_figures)
    assert found["scope"] == "everyone" and found["assessments"] == 3
    by = {f["key"]: f for f in found["per_analyst"]}
    ana, bob = by["Ana"], by["Bob"]
    assert (ana["submitted"], ana["approved"], ana["returned"], ana["returns"]) == (2, 2, 1, 1)
    assert ana["return_rate"] == 0.5
    assert [f["factor"] for f in ana["factors"]] == ["Physical harm", "Financial harm"]
    assert ana["longest_days"] == pytest.approx(3, abs=0.05) and ana["median_days"] == pytest.approx(2.5, abs=0.05)
    assert (bob["submitted"], bob["approved"], bob["returned"], bob["returns"]) == (1, 0, 1, 2)
    assert {f["factor"]: f["returns"] for f in bob["factors"]} == {"Likelihood (PHIA yardstick)": 1,
                                                                   "Confidence in the assessment": 1}
    assert bob["median_days"] is None
    schemes = {f["key"]: f for f in found["per_scheme"]}
    assert schemes["morile-reference"]["submitted"] == 2 and schemes["morile-reference"]["returns"] == 3
    assert schemes["ocgm-reference"]["returned"] == 0 and schemes["ocgm-reference"]["median_days"] == pytest.approx(2, abs=0.05)


def test_an_analyst_sees_only_their_own_figures(history):
    for who, name in (("ana", "Ana"), ("bob", "Bob")):
        found = history[who].read(moderation_figures)
        assert found["scope"] == "own"
        assert [f["key"] for f in found["per_analyst"]] == [name]
        assert all(r["analyst"] == name for r in found["returned"])


def test_need_to_know_leaves_out_assessments_the_reader_may_not_see(workspace, history):
    workspace.write("u", users.add_user, "lou", TEAM_PASSWORD, "supervisor", "Lou", clearance="OFFICIAL-SENSITIVE")
    from rocta_desktop.services.workspace import Workspace
    lou = Workspace.open(workspace.path, "lou", TEAM_PASSWORD)
    try:
        found = lou.read(moderation_figures)
    finally:
        lou.close()
    assert [f["key"] for f in found["per_analyst"]] == ["Ana"]  # Bob's only work is on a SECRET nominal
    assert found["assessments"] == 2


def test_cycle_counts_factors_changed_after_a_return_or_named_in_it():
    t0 = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    h = History("ASM-1", "Ana", "s", {"a": "Alpha", "b": "Beta", "c": "Gamma"}, [
        Event(SAVE, t0, answers={"a": "x", "b": "y"}), Event(SUBMIT, t0),
        Event(RETURN, t0 + dt.timedelta(hours=12), comment="Gamma is not evidenced"),
        Event(SAVE, t0 + dt.timedelta(days=1), answers={"a": "z", "b": "y"}),
        Event(SUBMIT, t0 + dt.timedelta(days=1)), Event(APPROVE, t0 + dt.timedelta(days=4))])
    c = cycle(h)
    assert c.returns == (("Alpha", "Gamma"),) and c.days_to_approval == 4 and c.waits == (0.5, 3)
    f = figures([c], "author")[0]
    assert (f.submitted, f.returned, f.returns, f.return_rate) == (1, 1, 1, 1.0)
