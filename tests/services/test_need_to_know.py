"""Need to know, proved on every read path.

A property test: workspaces are generated with random markings on every kind of record, and with
some records restricted to a cell the reader is not in. Every record the reader may not see carries
a unique token in its text. Then every read service, and every output (the return, the packs, the
profile, a chart), is called as a reader cleared lower (OFFICIAL-SENSITIVE, then OFFICIAL): no token
may appear in any result, file or figure, and counts must be of what the reader may see.

Every public read service (a function of `rocta_desktop.services` taking a session first) must be
listed in READS (with a call) or in NOT_READS (with the reason it shows no record content): a new
read service without coverage fails `test_every_read_service_is_covered`.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import os
import pkgutil
import random
import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from rocta_desktop.domain.markings import Marking
from rocta_desktop.domain.subjects import SubjectKind
from rocta_desktop.services import (
    access,
    assessments,
    audit,
    calibration,
    collection,
    duplicates,
    exploitation,
    home,
    impact,
    moderation,
    network,
    packages,
    prefill,
    reference_data,
    registers,
    reports,
    returns,
    search,
    tasking,
    trail_words,
    triggers,
    users,
)
from rocta_desktop.services.impact import ChartFilter
from rocta_desktop.services.registers import SubjectFilter
from rocta_desktop.store.models import Agency, Force, Subject, Unit
from tests.conftest import TEAM_PASSWORD
from tests.dates import TODAY, days
from tests.domain.test_schemes import MORILE_ANSWERS, OCGM_ANSWERS

SEEDS = [int(s) for s in os.environ.get("ROCTA_NTK_SEEDS", "11,12").split(",")]
TOKEN = re.compile(r"ZQ[0-9a-f]{6}")
MARKINGS = [Marking.OFFICIAL, Marking.OFFICIAL_SENSITIVE, Marking.SECRET]


class Region:
    """A generated region: what is where, and which tokens the low reader must never meet."""

    def __init__(self, seed: int, reader_clearance: Marking):
        self.rng = random.Random(seed)
        self.clearance = reader_clearance
        self.secret_tokens: set[str] = set()
        self.visible: dict[str, list[int]] = {}
        self.hidden: dict[str, list[int]] = {}

    def text(self, hidden: bool, what: str) -> str:
        token = f"ZQ{self.rng.getrandbits(24):06x}"
        if hidden:
            self.secret_tokens.add(token)
        return f"{what} {token}"

    def marking(self) -> Marking:
        return self.rng.choice(MARKINGS)

    def is_hidden(self, marking: Marking, restricted: bool = False) -> bool:
        return restricted or marking.rank > self.clearance.rank

    def note(self, kind: str, ident: int, hidden: bool) -> None:
        (self.hidden if hidden else self.visible).setdefault(kind, []).append(ident)


def build(workspace, seed: int, clearance: Marking) -> tuple[Region, Any, Any]:
    """The region, the low reader (`lo`) and a SECRET supervisor (`sup`, in the Heron cell)."""
    r = Region(seed, clearance)
    rng = r.rng
    workspace.write("u", users.add_user, "lo", TEAM_PASSWORD, "supervisor", "Low Reader", clearance=clearance)
    workspace.write("u", users.add_user, "sup", TEAM_PASSWORD, "supervisor", "Sue Pervisor", clearance="SECRET")
    workspace.write("u", users.add_user, "boss", TEAM_PASSWORD, "supervisor", "Second Supervisor", clearance="SECRET")
    workspace.write("t", access.create_team, "Operation Heron cell", ["sup", "admin", "boss"])
    with workspace.operation("ref") as uow:
        force = reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
        rocu = reference_data.create(uow, Agency, {"code": "ROCU", "name": "Regional Unit", "kind": "ROCU"})
        nca = reference_data.create(uow, Agency, {"code": "NCA", "name": "National Crime Agency", "kind": "NCA"})
        unit = reference_data.create(uow, Unit, {"code": "RIU", "name": "Intelligence unit", "force_id": force,
                                                 "capacity_threats": 3, "capacity_hours": 100})
    from rocta_desktop.services.workspace import Workspace
    from tests.conftest import TEAM_PASSWORD as PW
    sup = Workspace.open(workspace.path, "sup", PW)
    boss = Workspace.open(workspace.path, "boss", PW)
    lo = Workspace.open(workspace.path, "lo", PW)
    r.ids = {"force": force, "rocu": rocu, "nca": nca, "unit": unit}

    def restrict(kind: str, ident: int) -> None:
        workspace.write("r", access.restrict, kind, ident, "Operation Heron", teams=["Operation Heron cell"])

    subjects: list[tuple[int, bool, Marking]] = []
    for i in range(rng.randint(6, 9)):
        m, restricted = r.marking(), rng.random() < 0.2
        if i < 2:  # the reader sees something of every kind of record
            m, restricted = Marking.OFFICIAL, False
        hidden = r.is_hidden(m, restricted)
        kind = ["group", "nominal", "vulnerability"][i % 3]
        if kind == "group":
            created = workspace.write("g", registers.create_group, {
                "name": r.text(hidden, "Crew"), "marking": m.value, "management_level": "regional",
                "lead_force_id": force, "owner_unit_id": unit, "description": r.text(hidden, "about"),
                "nicknames": [r.text(hidden, "nick")]})
        elif kind == "nominal":
            created = workspace.write("n", registers.create_nominal, {
                "surname": "Person", "forenames": r.text(hidden, "Al"), "marking": m.value, "lead_force_id": force,
                "aliases": [r.text(hidden, "alias")], "description": r.text(hidden, "about")})
        else:
            created = workspace.write("v", registers.create_vulnerability, {
                "name": r.text(hidden, "Place"), "category": "place", "marking": m.value})
        if restricted:
            restrict("subject", created.id)
        subjects.append((created.id, hidden, m))
        r.note("subject", created.id, hidden)
    # a merge of two records the reader may not see: neither the merge nor its log may show
    twins = [workspace.write("n", registers.create_nominal, {
        "surname": "Person", "forenames": r.text(True, "Twin"), "marking": "SECRET",
        "aliases": [r.text(True, "alias")]}).id for _ in range(2)]
    workspace.write("m", duplicates.merge, twins[0], twins[1])
    for twin in twins:
        r.note("subject", twin, True)
    groups = [s for s in subjects if workspace.read(registers.get_subject, s[0])["kind"] == "group"]
    nominals = [s for s in subjects if workspace.read(registers.get_subject, s[0])["kind"] == "nominal"]
    for g in groups:
        for n in nominals:
            workspace.write("m", registers.add_member, g[0], n[0], rng.choice(["principal", "peripheral"]))
    if len(groups) > 1:
        workspace.write("l", registers.link_groups, groups[0][0], groups[1][0], r.text(True, "link"))
    # vulnerability links (their own marking; hidden if either record is): a separate generator, so
    # the rest of the region is what it was before they existed
    vrng = random.Random(seed * 7919)
    vulns = [s for s in subjects if workspace.read(registers.get_subject, s[0])["kind"] == "vulnerability"]
    for v in vulns:
        for x in vrng.sample(groups + nominals, min(3, len(groups + nominals))):
            lm = vrng.choice(MARKINGS)
            hidden = v[1] or x[1] or r.is_hidden(lm)
            tokens = [f"ZQ{vrng.getrandbits(24):06x}" for _ in range(2)]
            if hidden:
                r.secret_tokens.update(tokens)
            workspace.write("x", exploitation.link_vulnerability, v[0], x[0], {
                "nature": f"exploits {tokens[0]}", "source": f"source {tokens[1]}", "marking": lm.value,
                "source_evaluation": "2", "intel_assessment": "B", "handling_code": "P"})
    # assessments (approved by another supervisor), triggers, requirements, tasking, disruptions, plans
    for sid, hidden, m in subjects:
        if workspace.read(registers.get_subject, sid)["kind"] == "vulnerability":
            continue
        for scheme, answers in (("morile-reference", MORILE_ANSWERS), ("ocgm-reference", OCGM_ANSWERS)):
            if scheme.startswith("ocgm") and workspace.read(registers.get_subject, sid)["kind"] != "group":
                continue
            a = sup.write("a", assessments.start, sid, scheme)
            am = max(m, r.marking(), key=lambda x: x.rank)
            restricted = rng.random() < 0.15
            a_hidden = hidden or r.is_hidden(am, restricted)
            sup.write("a", assessments.save, a.id, answers, summary=r.text(a_hidden, "assessed"), marking=am.value)
            sup.write("a", assessments.submit, a.id)
            boss.write("a", assessments.approve, a.id, r.text(a_hidden, "approved because"))
            if restricted:
                workspace.write("r", access.restrict, "assessment", a.id, "Operation Heron",
                                teams=["Operation Heron cell"])
            r.note("assessment", a.id, a_hidden)
        dm = max(m, r.marking(), key=lambda x: x.rank)
        restricted = rng.random() < 0.15
        d_hidden = hidden or r.is_hidden(dm, restricted)
        did, _ = sup.write("d", impact.create, {
            "subject_id": sid, "occurred_on": days(-rng.randint(1, 60)).isoformat(), "four_p": "pursue",
            "tactic": r.text(d_hidden, "warrant"), "grade": "major", "lead_agency_id": nca, "agency_ids": [rocu],
            "outcomes": [{"kind": "arrests", "quantity": rng.randint(1, 9)}], "marking": dm.value,
            "operation": r.text(d_hidden, "Op")})
        sup.write("d", impact.submit, did)
        boss.write("d", impact.approve, did)
        if restricted:
            workspace.write("r", access.restrict, "disruption", did, "Operation Heron", teams=["Operation Heron cell"])
        r.note("disruption", did, d_hidden)
        tm = max(m, Marking.OFFICIAL_SENSITIVE, key=lambda x: x.rank)
        tid = sup.write("t", tasking.create_request, {
            "subject_id": sid, "objective": r.text(hidden or r.is_hidden(tm), "objective"), "requester": "DI Moss",
            "four_p": "pursue", "priority": "P2", "due_date": days(10), "marking": tm.value,
            "owner_unit_id": unit}).id
        r.note("tasking", tid, hidden or r.is_hidden(tm))
        sup.write("p", impact.save_plan, sid, r.text(hidden, "plan owner"))
        sup.write("p", impact.add_action, sid, "prevent", r.text(hidden, "action"), "sup", days(5).isoformat())
    for _ in range(3):
        m, restricted = r.marking(), rng.random() < 0.2
        sid, s_hidden, _sm = rng.choice(groups)
        hidden = r.is_hidden(m, restricted) or s_hidden
        tid, _ = sup.write("t", triggers.create, {
            "received_on": days(-5).isoformat(), "force_id": force, "officer": "DS Jo Smith", "subject_kind": "group",
            "proposed_name": r.text(hidden, "Proposed"), "summary": r.text(hidden, "summary"),
            "source_evaluation": "2", "intel_assessment": "B", "handling_code": "P",
            "marking": max(m, _sm, key=lambda x: x.rank).value})
        sup.write("t", triggers.link, tid, sid)
        if restricted:
            workspace.write("r", access.restrict, "trigger", tid, "Operation Heron", teams=["Operation Heron cell"])
        r.note("trigger", tid, hidden)
        m, restricted = r.marking(), rng.random() < 0.2
        hidden = r.is_hidden(m, restricted)
        rid, _ = sup.write("c", collection.create, {
            "question": r.text(hidden, "Who?"), "priority": "high", "owner": "DI Khan", "due_on": days(-3).isoformat(),
            "agency_ids": [nca], "subject_ids": [s for s, h, _ in subjects if not h][:1], "marking": m.value})
        if restricted:
            workspace.write("r", access.restrict, "requirement", rid, "Operation Heron", teams=["Operation Heron cell"])
        r.note("requirement", rid, hidden)
    sup.write("b", impact.save_practice, {"title": "Joint visits", "what_was_done": "visits",
                                          "what_worked": "trust", "subject_id": subjects[0][0]})
    meeting = sup.write("m", tasking.create_meeting, {"held_on": days(-1), "kind": "tactical", "level": "regional"})
    r.meeting = meeting.id
    # saved chart layouts (named with a token; hidden with their subject or above the reader's clearance):
    # a generator of their own, so the rest of the region is what it was before they existed
    lrng = random.Random(seed * 104729)
    for sid, hidden, _m in subjects:
        token = f"ZQ{lrng.getrandbits(24):06x}"
        whole = workspace.read(network.build_chart, sid, depth=2)
        state = network.ChartState(depth=2, positions={n.key: (n.x, n.y) for n in whole.nodes},
                                   collapsed=frozenset([whole.start]), hidden_kinds=frozenset(["associate"]))
        workspace.write("l", network.save_layout, sid, f"layout {token}", state)
        saved = next(x for x in workspace.read(network.saved_layouts, sid) if x["name"] == f"layout {token}")
        if hidden or r.is_hidden(saved["marking"]):
            r.secret_tokens.add(token)
    # calibration exercises (issue #25), one per subject assessed and one written scenario, answered by the two
    # SECRET supervisors; and a management level decision with a reason on each group: a generator of their own
    crng = random.Random(seed * 7877)
    for sid, hidden, _m in subjects:
        kind = workspace.read(registers.get_subject, sid)["kind"]
        if kind == "vulnerability":
            continue
        tokens = [f"ZQ{crng.getrandbits(24):06x}" for _ in range(3)]
        if hidden:
            r.secret_tokens.update(tokens)
        ex = sup.write("c", calibration.create, title=f"calibrate {tokens[0]}", scheme_ref="morile-reference",
                       analysts=["sup", "boss"], subject_id=sid)
        for who, ws_ in (("sup", sup), ("boss", boss)):
            answers = {**MORILE_ANSWERS, "physical": {"level": crng.choice(["minor", "critical"]),
                                                      "rationale": f"{who} {tokens[1]}"}}
            ws_.write("c", calibration.save_answers, ex.id, answers)
            ws_.write("c", calibration.submit, ex.id)
        if kind == "group":
            sup.write("l", assessments.set_management_level, sid, crng.choice(["local", "regional", "national"]),
                      f"decided {tokens[2]}")
    scenario = f"ZQ{crng.getrandbits(24):06x}"
    r.secret_tokens.add(scenario)
    sup.write("c", calibration.create, title="A SECRET case", scheme_ref="ocgm-reference", analysts=["sup", "boss"],
              scenario=f"A crew {scenario}", marking="SECRET")
    boss.close()
    return r, lo, sup


def leaked(r: Region, value: Any) -> set[str]:
    text = value if isinstance(value, str) else repr(value)  # dataclasses, dicts, lists: their whole content
    return set(TOKEN.findall(text)) & r.secret_tokens


# ------------------------------------------------------------------ every read service, as the low reader

def _first(r: Region, kind: str) -> int:
    return (r.visible.get(kind) or [0])[0]


F = ChartFilter()
READS: dict[str, Callable[[Region, Any], list[Any]]] = {
    "assessments.comparison": lambda r, s: [assessments.comparison(s, i) for i in r.visible.get("subject", [])],
    "assessments.disagreements": lambda r, s: [assessments.disagreements(s)],
    "assessments.due_for_review": lambda r, s: [assessments.due_for_review(s, within_days=3650)],
    "assessments.get": lambda r, s: [assessments.get(s, i) for i in r.visible.get("assessment", [])],
    "assessments.history": lambda r, s: [assessments.history(s, i) for i in r.visible.get("subject", [])],
    "assessments.listing": lambda r, s: [assessments.listing(s)],
    "assessments.trend": lambda r, s: [assessments.trend(s, i) for i in r.visible.get("subject", [])],
    "collection.for_assessment": lambda r, s: [collection.for_assessment(s, i) for i in r.visible.get("assessment", [])],
    "collection.gaps": lambda r, s: [collection.gaps(s)],
    "collection.get": lambda r, s: [collection.get(s, i) for i in r.visible.get("requirement", [])],
    "collection.listing": lambda r, s: [collection.listing(s)],
    "home.home": lambda r, s: [home.home(s, s.info["actor"])],
    "impact.actions_due": lambda r, s: [impact.actions_due(s, within_days=3650)],
    "impact.by_agency": lambda r, s: [impact.by_agency(s, F)],
    "impact.disruptions_over_time": lambda r, s: [impact.disruptions_over_time(s, F)],
    "impact.get": lambda r, s: [impact.get(s, i) for i in r.visible.get("disruption", [])],
    "impact.get_plan": lambda r, s: [impact.get_plan(s, i) for i in r.visible.get("subject", [])],
    "impact.listing": lambda r, s: [impact.listing(s)],
    "impact.outcome_totals": lambda r, s: [impact.outcome_totals(s, F)],
    "impact.risk_matrix": lambda r, s: [impact.risk_matrix(s, F)],
    "impact.rocu_contribution": lambda r, s: [impact.rocu_contribution(s, F)],
    "impact.search_practice": lambda r, s: [impact.search_practice(s, "")],
    "duplicates.candidates": lambda r, s: [duplicates.candidates(s, "nominal"), duplicates.candidates(s, "group")],
    "duplicates.merges": lambda r, s: [duplicates.merges(s)],
    "duplicates.for_references": lambda r, s: [duplicates.for_references(s, "nominal", s.scalars(
        select(Subject.reference), execution_options=access.unfiltered()).all())],
    "duplicates.merged_into": lambda r, s: [duplicates.merged_into(s, i) for i in r.visible.get("subject", [])],
    "exploitation.vulnerability_links": lambda r, s: [exploitation.vulnerability_links(s, i)
                                                     for i in r.visible.get("subject", [])],
    "network.build_chart": lambda r, s: [network.build_chart(s, i, depth=d).to_dict()
                                         for i in r.visible.get("subject", []) for d in (1, 2)],
    "network.chart_for_reference": lambda r, s: [network.chart_for_reference(
        s, registers.get_subject(s, i)["reference"], depth=2).to_dict() for i in r.visible.get("subject", [])],
    "network.subject_for_reference": lambda r, s: [network.subject_for_reference(
        s, registers.get_subject(s, i)["reference"]) for i in r.visible.get("subject", [])],
    "network.view_chart": lambda r, s: [[c.to_dict() for c in network.view_chart(s, i, network.ChartState(
        depth=2, expanded=frozenset([registers.get_subject(s, i)["reference"]])))]
        for i in r.visible.get("subject", [])],
    "network.saved_layouts": lambda r, s: [network.saved_layouts(s, i) for i in r.visible.get("subject", [])],
    "network.load_layout": lambda r, s: [network.load_layout(s, i, x["name"]) for i in r.visible.get("subject", [])
                                         for x in network.saved_layouts(s, i)],
    "network.chart_with_layout": lambda r, s: [network.chart_with_layout(s, i).to_dict()
                                               for i in r.visible.get("subject", [])],
    "network.pack_chart": lambda r, s: [network.pack_chart(s, i).to_dict() for i in r.visible.get("subject", [])],
    "impact.subject_timeline": lambda r, s: [impact.subject_timeline(s, i) for i in r.visible.get("subject", [])],
    "assessments.management_level": lambda r, s: [assessments.management_level(s, i)
                                                  for i in r.visible.get("subject", [])],
    "assessments.level_decisions": lambda r, s: [assessments.level_decisions(s, i) for i in r.visible.get("subject", [])],
    "calibration.listing": lambda r, s: [calibration.listing(s)],
    "calibration.get": lambda r, s: [calibration.get(s, e["id"]) for e in calibration.listing(s)],
    "calibration.report": lambda r, s: [calibration.report(s, e["id"]) for e in calibration.listing(s)
                                        if e["results_shown"]],
    "calibration.export_data": lambda r, s: [calibration.export_data(s, e["id"]) for e in calibration.listing(s)
                                             if e["results_shown"]],
    "calibration.report_tables": lambda r, s: [calibration.report_tables(s, e["id"]) for e in calibration.listing(s)
                                               if e["results_shown"]],
    "calibration.exercise_id_for": lambda r, s: [calibration.exercise_id_for(s, e["reference"])
                                                 for e in calibration.listing(s)],
    "moderation.moderation_figures": lambda r, s: [moderation.moderation_figures(s)],
    "impact.threat_picture": lambda r, s: [impact.threat_picture(s, F)],
    "registers.count_subjects": lambda r, s: [registers.count_subjects(s, SubjectFilter(statuses=()))],
    "registers.counts_by_kind": lambda r, s: [registers.counts_by_kind(s)],
    "registers.get_subject": lambda r, s: [registers.get_subject(s, i) for i in r.visible.get("subject", [])],
    "registers.history": lambda r, s: [registers.history(s, i) for i in r.visible.get("subject", [])],
    "registers.list_subjects": lambda r, s: [registers.list_subjects(s, SubjectFilter(statuses=()))],
    "registers.possible_duplicates": lambda r, s: [registers.possible_duplicates(s, {"surname": "Person",
                                                                                     "forenames": "Al"})],
    "registers.register_rows": lambda r, s: [registers.register_rows(s, k, include_archived=True)
                                             for k in SubjectKind],
    "registers.search": lambda r, s: [registers.search(s, t) for t in ("Crew", "Person", "Place", "ZQ", "nick")],
    "prefill.register_facts": lambda r, s: [prefill.register_facts(s, i) for i in r.visible.get("subject", [])],
    "prefill.suggestions": lambda r, s: [prefill.suggestions(s, i, scheme) for i in r.visible.get("subject", [])
                                         for scheme in ("ocgm-reference", "morile-reference")],
    "search.search": lambda r, s: [search.search(s, t) for t in ("Crew", "Person", "ZQ", "Op ZQ", "summary", "Who",
                                                                 "objective", "warrant", "IR-", "TSK-", "DSR-")],
    "reports.assessment_pack": lambda r, s: [reports.assessment_pack(s, i) for i in r.visible.get("subject", [])],
    "reports.subject_id_for": lambda r, s: [reports.subject_id_for(s, registers.get_subject(s, i)["reference"])
                                            for i in r.visible.get("subject", [])],
    "reports.tcg_pack": lambda r, s: [reports.tcg_pack(s, top=20)],
    "reports.threat_profile": lambda r, s: [reports.threat_profile(s, period=str(TODAY.year))],
    "returns.build_return": lambda r, s: [returns.build_return(s, period=str(TODAY.year))],
    "tasking.board": lambda r, s: [tasking.board(s)],
    "tasking.capacity_and_demand": lambda r, s: [tasking.capacity_and_demand(s)],
    "tasking.changes_since_last_meeting": lambda r, s: [tasking.changes_since_last_meeting(s)],
    "tasking.default_priority": lambda r, s: [tasking.default_priority(s, i) for i in r.visible.get("subject", [])],
    "tasking.get_meeting": lambda r, s: [tasking.get_meeting(s, m["id"]) for m in tasking.meetings(s)],
    "tasking.get_request": lambda r, s: [tasking.get_request(s, i) for i in r.visible.get("tasking", [])],
    "tasking.last_meeting": lambda r, s: [_meeting_text(tasking.last_meeting(s))],
    "tasking.meetings": lambda r, s: [tasking.meetings(s)],
    "tasking.priority_list": lambda r, s: [tasking.priority_list(s)],
    "tasking.priority_view": lambda r, s: [tasking.priority_view(s)],
    "tasking.region_changes": lambda r, s: [tasking.region_changes(s)],
    "tasking.region_summary": lambda r, s: [tasking.region_summary(s)],
    "tasking.requests": lambda r, s: [tasking.requests(s)],
    "triggers.get": lambda r, s: [triggers.get(s, i) for i in r.visible.get("trigger", [])],
    "triggers.listing": lambda r, s: [triggers.listing(s)],
    "triggers.possible_duplicates": lambda r, s: [triggers.possible_duplicates(s, "group", "Crew")],
    "triggers.service_level": lambda r, s: [triggers.service_level(s)],
    "audit.events_for": lambda r, s: [audit.events_for(s, k, i) for k, ids in r.visible.items()
                                      if k in ("subject", "assessment") for i in ids],
    "audit.search_events": lambda r, s: [audit.search_events(s)],
    "audit.trail_choices": lambda r, s: [audit.trail_choices(s)],
    "audit.history": lambda r, s: [audit.history(s, k, i) for k, ids in r.visible.items()
                                   if k in ("assessment", "trigger", "requirement", "disruption") for i in ids],
    "trail_words.readable": lambda r, s: [trail_words.readable(s, audit.search_events(s, limit=100_000))],
    "access.restriction_of": lambda r, s: [access.restriction_of(s, k, i) for k, ids in r.visible.items()
                                           if k in ("subject", "assessment", "trigger", "requirement", "disruption")
                                           for i in ids],
    "access.hidden_count": lambda r, s: [access.hidden_count(s, k) for k in ("subject", "assessment", "trigger",
                                                                             "requirement", "disruption")],
    "access.teams": lambda r, s: [access.teams(s)],
    "packages.collect": lambda r, s: [packages.collect(s)],
    "packages.conflicts": lambda r, s: [packages.conflicts(s)],
    "packages.provenance": lambda r, s: [packages.provenance(s, registers.get_subject(s, i)["kind"], i)
                                         for i in r.visible.get("subject", [])],
    "access.record_by_reference": lambda r, s: [access.record_by_reference(s, registers.get_subject(s, i)["reference"])
                                                for i in r.visible.get("subject", [])],
}


def _meeting_text(m: Any) -> Any:
    return None if m is None else {"reference": m.reference, "snapshot": m.snapshot}


NOT_READS = {
    "access.policy_for": "computes the reader's own policy (restriction ids only)",
    "access.policy": "the filter itself",
    "audit.contributors": "user ids of a record's authors, for the four-eyes rule",
    "access.people": "names of active accounts a record can be restricted to (as triage officers)",
    "packages.partners": "the partner workspaces (names, ids, keys): no record content",
    "audit.record_many": "writes events",
    "references.allocate": "allocates a reference",
    "references.compose": "formats a reference",
    "references.origin_prefix": "the workspace's origin prefix (a setting)",
    "packages.open_package": "decrypts a package the reader is importing (its content is theirs to import)",
    "access.narrowed": "the filter itself (covered through the ceiling export)",
    "access.table": "the filter itself (a filtered table for Core queries)",
    "access.where": "the filter itself",
    "access.hidden_references": "the filter itself: what to keep out of audit text and frozen lists",
    "access.redact_events": "the filter itself (covered through audit.search_events and events_for)",
    "access.events_seen": "the filter itself (covered through audit.trail_choices)",
    "access.visible_rows": "the filter itself (covered through the T&CG services)",
    "access.show_hidden_counts": "a workspace setting",
    "assessments.available_schemes": "scheme definitions: reference data, no record content",
    "assessments.level_rule": "the region's management level rule for a scheme (a setting)",
    "calibration.analysts_for": "names and roles of active accounts an exercise can be set to (supervisors only)",
    "guidance.scheme_guidance": "a scheme's worked guidance: reference text, no record content",
    "assessments.find_scheme": "scheme definitions",
    "assessments.scheme_of": "the scheme text of an assessment the caller already holds",
    "assessments.schemes_for_kind": "scheme definitions",
    "assessments.verify": "recomputes every stored result for rocta verify; returns references of mismatches "
                          "(run by an administrator's verification, which sees the whole trail)",
    "chain.iter_events": "the raw trail for verification (administrators: rocta verify)",
    "chain.head": "the newest audit event's number and hash (no content), to append to the one chain",
    "chain.hashes": "the hashes of the audit events numbered (no content), to check a signed head",
    "concurrency.newest_event": "a record's version: the number of its newest audit event",
    "concurrency.check_not_stale": "checks a save the caller is making to a record they may edit (which a hidden "
                                   "one is not: the editing service refuses it first)",
    "meta.set_meta": "writes a workspace setting",
    "audit.record": "writes an event",
    "audit.resolve_ref": "labels a row for an audit event being written",
    "audit.verify_chain": "verification: event numbers and names, for administrators",
    "audit.write_pending": "writes events",
    "backup.schedule": "a setting",
    "backup.workspace_marking": "the marking of a whole-workspace copy (a marking, no content)",
    "files.dangling": "verification notes about files written (paths), for administrators",
    "impact.grade_guidance": "configurable wording, no record content",
    "impact.validate": "checks data the caller is about to save",
    "imports.mapping_for": "column mappings",
    "imports.plan_import": "plans the caller's own spreadsheet (tested by the import tests)",
    "imports.remembered_mapping": "column mappings",
    "reference_data.crime_types": "reference data",
    "reference_data.listing": "reference data (forces, agencies, units)",
    "references.next_reference": "allocates a reference",
    "references.next_serial": "allocates a serial",
    "registers.force_choices": "reference data",
    "registers.unit_choices": "reference data",
    "returns.disruptions_table": "a section of build_return (covered through it)",
    "returns.gaps_table": "a section of build_return (covered through it)",
    "returns.outcomes_table": "a section of build_return (covered through it)",
    "returns.scope": "a period and force filter",
    "returns.subjects_table": "a section of build_return (covered through it)",
    "returns.tasking_table": "a section of build_return (covered through it)",
    "returns.triggers_table": "a section of build_return (covered through it)",
    "settings.idle_minutes": "a setting",
    "settings.range_rule": "a setting",
    "settings.must_change_password": "the reader's own account state",
    "triggers.record_assessment": "writes",
    "triggers.triage_officers": "the names of accounts that can be assigned work",
    "triggers.validate": "checks data the caller is about to save",
    "trust.apply_certificate": "writes a certificate",
    "trust.check_account": "the sign-in check",
    "trust.has_recovery_certificate": "a yes or no about the recovery key",
    "trust.issue": "writes a certificate",
    "trust.verify_trail": "verification, for administrators",
    "users.list_users": "accounts: administrators only (tested in test_role_gaps)",
}


def read_services() -> set[str]:
    import rocta_desktop.services as pkg
    found = set()
    for info in pkgutil.iter_modules(pkg.__path__):
        mod = importlib.import_module(f"rocta_desktop.services.{info.name}")
        for name, fn in inspect.getmembers(mod, inspect.isfunction):
            # a package (services/imports/, services/tasking/) counts what it re-exports from its modules
            owner = fn.__module__
            if (owner == mod.__name__ or owner.startswith(mod.__name__ + ".")) and not name.startswith("_"):
                params = list(inspect.signature(fn).parameters)
                if params and params[0] == "session":
                    found.add(f"{info.name}.{name}")
    return found


def test_every_read_service_is_covered():
    services = read_services()
    missing = sorted(services - set(READS) - set(NOT_READS))
    gone = sorted((set(READS) | set(NOT_READS)) - services)
    assert not missing, f"read services the need-to-know test does not call: {missing}"
    assert not gone, f"listed but no longer services: {gone}"


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("clearance", [Marking.OFFICIAL_SENSITIVE, Marking.OFFICIAL])
def test_a_low_reader_meets_nothing_above_their_clearance_or_outside_their_restrictions(workspace, seed, clearance,
                                                                                         tmp_path):
    r, lo, sup = build(workspace, seed, clearance)
    assert r.secret_tokens, "the generated region hides nothing: the test would prove nothing"
    problems = {}
    called = 0
    with lo.reader() as s:
        for name, call in READS.items():
            results = call(r, s)
            called += 1
            found = leaked(r, results)
            if found:
                problems[name] = sorted(found)[:3]
    # counts are of what the reader may see
    with lo.reader() as s:
        assert registers.count_subjects(s, SubjectFilter(statuses=())) == len(r.visible.get("subject", []))
        assert access.hidden_count(s, "subject") == len(r.hidden.get("subject", []))
        for kind, getter in (("subject", registers.get_subject), ("assessment", assessments.get),
                             ("disruption", impact.get), ("trigger", triggers.get), ("requirement", collection.get)):
            for ident in r.hidden.get(kind, []):
                with pytest.raises(Exception, match="no |not found|No "):
                    getter(s, ident)
    # the outputs: a return, packs, the T&CG pack, the profile
    outputs = _outputs(r, lo, tmp_path)
    for what, text in outputs.items():
        found = leaked(r, text)
        if found:
            problems[what] = sorted(found)[:3]
    print(f"\nneed to know, seed {seed}, reader cleared to {clearance.value}: {called} read services and "
          f"{len(outputs)} outputs called; {len(r.secret_tokens)} hidden tokens; leaks: {len(problems)}")
    assert problems == {}, problems
    lo.close()
    sup.close()


def test_the_audit_trail_filters_offer_what_the_trail_shows_the_reader(workspace):
    """The trail's choices of action and kind of record come only from events the reader may see."""
    r, lo, sup = build(workspace, 3, Marking.OFFICIAL)
    choices = {}
    for name, ws in (("lo", lo), ("sup", sup)):
        with ws.reader() as s:
            shown = audit.search_events(s, limit=1_000_000)
            choices[name] = audit.trail_choices(s)
        assert choices[name] == {"actions": sorted({e["action"] for e in shown}),
                                 "entity_types": sorted({e["entity_type"] for e in shown})}
    assert "nominal.merge" in choices["sup"]["actions"] and "nominal.merge" not in choices["lo"]["actions"]
    lo.close()
    sup.close()


def test_a_meeting_above_the_readers_clearance_leaves_no_event_in_their_trail(workspace):
    """T&CG meetings are audited as "tcg_meeting": a reader who may not see one sees none of its events."""
    r, lo, sup = build(workspace, 3, Marking.OFFICIAL)   # a meeting is at least OFFICIAL-SENSITIVE
    for ws, expected in ((lo, 0), (sup, 1)):
        with ws.reader() as s:
            events = [e for e in audit.search_events(s, limit=1_000_000)
                      if e["entity_type"] == "tcg_meeting" and e["entity_id"] == r.meeting]
        assert len(events) == expected
    lo.close()
    sup.close()


def _outputs(r: Region, ws: Any, folder) -> dict[str, str]:
    from openpyxl import load_workbook

    from rocta_desktop.exchange.exports import export_report, export_return
    from tests.exchange.test_pdf_pack import pages
    out: dict[str, str] = {}
    _, d = export_return(ws, folder / "return.xlsx", period=str(TODAY.year))
    wb = load_workbook(d.path)
    out["return.xlsx"] = " ".join(str(c.value) for sheet in wb.worksheets for row in sheet.iter_rows() for c in row)
    for kind in ("tcg", "profile"):
        _, d = export_report(ws, kind, folder / f"{kind}.pdf", period=str(TODAY.year))
        out[f"{kind}.pdf"] = "\n".join(pages(d.path))
    for i in r.visible.get("subject", [])[:4]:
        ref = ws.read(registers.get_subject, i)["reference"]
        _, d = export_report(ws, "pack", folder / f"pack-{i}.pdf", subject=ref)
        out[f"pack {ref}"] = "\n".join(pages(d.path))
    from rocta_desktop.exchange.graphml import export_chart
    for i in r.visible.get("subject", []):
        ref = ws.read(registers.get_subject, i)["reference"]
        _, d = export_chart(ws, ref, folder / f"chart-{i}.graphml", depth=2)
        out[f"chart {ref}"] = d.path.read_text(encoding="utf-8")
    from rocta_desktop.exchange.chart_export import export_chart as export_any
    for i in r.visible.get("subject", [])[:3]:   # the chart's page and its i2 spreadsheet, by the saved layout
        ref = ws.read(registers.get_subject, i)["reference"]
        saved = ws.read(network.saved_layouts, i)
        _, d = export_any(ws, ref, folder / f"chart-{i}.pdf", depth=2, saved=saved[0]["name"] if saved else None)
        out[f"chart {ref}.pdf"] = "\n".join(pages(d.path))
        _, d = export_any(ws, ref, folder / f"chart-{i}.xlsx", depth=2)
        wb = load_workbook(d.path)
        out[f"chart {ref}.xlsx"] = " ".join(str(c.value) for sheet in wb.worksheets for row in sheet.iter_rows()
                                            for c in row)
    return out


def test_a_ceiling_export_leaves_higher_rows_out_and_says_how_many(workspace, tmp_path):
    from openpyxl import load_workbook

    from rocta_desktop.exchange.exports import export_return
    r, lo, sup = build(workspace, 5, Marking.OFFICIAL_SENSITIVE)
    report, d = export_return(sup, tmp_path / "r.xlsx", period=str(TODAY.year), ceiling=Marking.OFFICIAL_SENSITIVE)
    wb = load_workbook(d.path)
    cover = {row[0]: row[1] for row in wb["Cover"].iter_rows(min_row=1, values_only=True) if row and row[0]}
    text = " ".join(str(c.value) for sheet in wb.worksheets for row in sheet.iter_rows() for c in row)
    assert report.marking.rank <= Marking.OFFICIAL_SENSITIVE.rank and wb.properties.subject != "SECRET"
    assert cover["Ceiling"] == "OFFICIAL-SENSITIVE" and int(cover["Rows above the ceiling left out"]) > 0
    cells = {c.value for sheet in wb.worksheets if sheet.title != "Cover" for row in sheet.iter_rows() for c in row}
    assert "SECRET" not in cells and text
    lo.close()
    sup.close()
    assert dt  # (dates come from tests.dates)
