"""Register services and the audit trail: every write leaves an event with before/after values."""

import pytest
from sqlalchemy import func, select, update

from rocta_desktop.domain.errors import Conflict, PermissionDenied, ValidationError
from rocta_desktop.domain.markings import Marking
from rocta_desktop.services import audit, reference_data, registers, users
from rocta_desktop.services.registers import SubjectFilter, SubjectKind
from rocta_desktop.services.workspace import Workspace
from rocta_desktop.store.models import AuditEvent, Force, Group, Unit
from tests.attacks import drop_guards
from tests.conftest import ADMIN, ADMIN_PASSWORD


def events(ws):
    with ws.reader() as s:
        return s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


def make_force(ws, code="NMP", name="Northmoor Police"):
    with ws.operation("force") as uow:
        return reference_data.create(uow, Force, {"code": code, "name": name})


@pytest.fixture
def region(workspace):
    force = make_force(workspace)
    with workspace.operation("unit") as uow:
        unit = reference_data.create(uow, Unit, {"code": "ROCU-GI", "name": "ROCU Government Agency Intelligence",
                                                 "force_id": force, "capacity_threats": 12, "capacity_hours": 900})
    with workspace.operation("create") as uow:
        g = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL-SENSITIVE",
                                         "management_level": "regional", "nicknames": ["Dockers"],
                                         "lead_force_id": force, "owner_unit_id": unit, "lro_name": "DI Example"})
    with workspace.operation("create") as uow:
        n = registers.create_nominal(uow, {"surname": "Ashdown", "forenames": "Peter Alan", "marking": "OFFICIAL",
                                           "date_of_birth": "1988-06-01", "aliases": ["Pete the Boat"]})
    with workspace.operation("create") as uow:
        v = registers.create_vulnerability(uow, {"name": "Port of Eastvale", "category": "place",
                                                 "marking": "OFFICIAL"})
    return {"force": force, "unit": unit, "group": g, "nominal": n, "vuln": v}


def test_every_service_write_is_audited(workspace, region):
    """Each operation adds at least one event naming the record it changed, with before/after."""
    g, n = region["group"], region["nominal"]
    steps = [
        ("group.update", lambda u: registers.update_subject(u, g.id, {"name": "The Harbour Crew"})),
        ("group.add_member", lambda u: registers.add_member(u, g.id, n.id, "principal")),
        ("group.change_member_role", lambda u: registers.change_member_role(u, g.id, n.id, "enabler")),
        ("group.set_crime_types", lambda u: registers.set_crime_types(u, g.id, ["FIREARMS", "DRUGS-SUPPLY"])),
        ("group.set_reach", lambda u: registers.set_reach(u, g.id, [region["force"]])),
        ("group.remove_member", lambda u: registers.remove_member(u, g.id, n.id)),
        ("nominal.add_identifier", lambda u: registers.add_identifier(u, n.id, "PNC ID", "04/123456K")),
        ("nominal.remove_identifier", lambda u: registers.remove_identifier(u, n.id, "PNC ID", "04/123456K")),
        ("vulnerability.archived", lambda u: registers.archive(u, region["vuln"].id, "no longer exploited")),
        ("vulnerability.active", lambda u: registers.set_status(u, region["vuln"].id, "active", "new intelligence")),
        ("user.create", lambda u: users.add_user(u, "erin", "Lantern-sky-42", "analyst")),
        ("user.set_role", lambda u: users.set_role(u, "erin", "supervisor")),
        ("unit.update", lambda u: reference_data.update(u, Unit, region["unit"], {"capacity_threats": 15})),
    ]
    for action, step in steps:
        before = len(events(workspace))
        with workspace.operation(action) as uow:
            step(uow)
        new = events(workspace)[before:]
        assert new, f"{action} wrote no audit event"
        assert any(e.action == action for e in new), (action, [e.action for e in new])
        assert all(e.username == ADMIN and e.at is not None and e.changes for e in new)

    by_action = {e.action: e for e in events(workspace)}
    assert by_action["group.update"].changes["name"] == {"before": "Harbour Crew", "after": "The Harbour Crew"}
    assert by_action["group.change_member_role"].changes["members"]["changed"]
    assert by_action["unit.update"].changes["capacity_threats"] == {"before": 12, "after": 15}
    assert by_action["group.set_crime_types"].changes["crime_types"]["added"] == sorted(
        ["Firearms supply and use", "Drugs supply"]) or set(
        by_action["group.set_crime_types"].changes["crime_types"]["added"]) == {"Firearms supply and use", "Drugs supply"}
    # a membership shows on both records' history
    with workspace.reader() as s:
        nominal_history = [h["action"] for h in registers.history(s, n.id)]
    assert "group.add_member" in nominal_history and "group.remove_member" in nominal_history


def test_change_outside_a_unit_of_work_is_refused(workspace, region):
    session = workspace._sessions()
    try:
        session.get(Group, region["group"].id).name = "sneaky"
        with pytest.raises(RuntimeError, match="outside a unit of work"):
            session.commit()
    finally:
        session.rollback()
        session.close()
    with workspace.reader() as s:
        with pytest.raises(RuntimeError, match="read-only"):
            s.get(Group, region["group"].id).name = "sneaky"
            s.flush()
    with workspace.reader() as s:
        assert registers.get_subject(s, region["group"].id)["name"] == "Harbour Crew"


def test_failed_operation_writes_nothing(workspace, region):
    before = len(events(workspace))
    with pytest.raises(ValidationError):
        with workspace.operation("bad") as uow:
            registers.update_subject(uow, region["group"].id, {"name": "Renamed"})
            registers.update_subject(uow, region["nominal"].id, {"date_of_birth": "1990-13-01"})
    assert len(events(workspace)) == before
    with workspace.reader() as s:
        assert registers.get_subject(s, region["group"].id)["name"] == "Harbour Crew"


def test_hash_chain_detects_tampering(workspace, region):
    with workspace.reader() as s:
        assert audit.verify_chain(s) == []
    with pytest.raises(Exception, match="append-only"), workspace.engine.begin() as conn:
        conn.execute(update(AuditEvent).where(AuditEvent.id == 3).values(summary="nothing to see"))
    with workspace.engine.begin() as conn:  # an attacker with the key drops the guard and edits history
        drop_guards(conn)
        conn.execute(update(AuditEvent).where(AuditEvent.id == 3).values(summary="nothing to see"))
    with workspace.reader() as s:
        problems = audit.verify_chain(s)
    assert problems and "audit event 3" in problems[0]


def test_references_are_sequential_per_kind(workspace, region):
    with workspace.operation("create") as uow:
        g2 = registers.create_group(uow, {"name": "Second", "marking": "OFFICIAL", "management_level": "local"})
    assert region["group"].reference.endswith("-0001") and g2.reference.endswith("-0002")
    assert region["nominal"].reference.startswith("NOM-") and region["vuln"].reference.startswith("VUL-")


def test_validation_names_the_field(workspace, region):
    with pytest.raises(ValidationError) as exc:
        with workspace.operation("x") as uow:
            registers.create_group(uow, {"name": "X", "marking": "OFFICIAL", "management_level": "local",
                                         "lead_force_id": 999})
    assert exc.value.problems[0].field == "lead_force_id"
    with pytest.raises(ValidationError) as exc:
        with workspace.operation("x") as uow:
            reference_data.create(uow, Unit, {"code": "U1", "name": "Unit", "capacity_threats": "lots"})
    assert exc.value.problems[0].field == "capacity_threats"


@pytest.mark.parametrize("kind, field", [("group", "name"), ("group", "management_level"), ("group", "marking"),
                                         ("nominal", "surname"), ("vuln", "name"), ("vuln", "category")])
def test_an_edit_may_leave_out_a_required_field_but_not_blank_it(workspace, region, kind, field):
    """Saving a record with its name (or class, or marking) emptied is refused under that field, and
    the record is as it was (it used to fail deep in the save with an AttributeError)."""
    ident = getattr(region[kind], "id", region[kind])
    before = workspace.read(registers.get_subject, ident)
    for blank in ("", None):
        with pytest.raises(ValidationError) as exc:
            workspace.write("edit", registers.update_subject, ident, {field: blank, "notes": "changed"})
        assert [p.field for p in exc.value.problems] == [field]
        assert "required" in exc.value.problems[0].message
    after = workspace.read(registers.get_subject, ident)
    assert after == before
    workspace.write("edit", registers.update_subject, ident, {"notes": "changed"})   # leaving it out is fine
    assert workspace.read(registers.get_subject, ident)["notes"] == "changed"


def test_archived_records_hidden_by_default_and_not_editable(workspace, region):
    with workspace.operation("archive") as uow:
        registers.archive(uow, region["group"].id, "group dismantled")
    with workspace.reader() as s:
        assert registers.count_subjects(s, SubjectFilter(kind=SubjectKind.GROUP)) == 0
        assert registers.count_subjects(s, SubjectFilter(kind=SubjectKind.GROUP, statuses=())) == 1
        rec = registers.get_subject(s, region["group"].id)
    assert rec["status"].value == "archived" and rec["status_reason"] == "group dismantled"
    with pytest.raises(Conflict, match="archived"):
        with workspace.operation("x") as uow:
            registers.update_subject(uow, region["group"].id, {"name": "X"})


def test_members_links_and_reads(workspace, region):
    g, n = region["group"], region["nominal"]
    with workspace.operation("x") as uow:
        other = registers.create_group(uow, {"name": "Eastside Firm", "marking": "OFFICIAL", "management_level": "local"})
    with workspace.operation("x") as uow:
        registers.add_member(uow, g.id, n.id, "significant", since="2024-01-31")
        registers.link_groups(uow, other.id, g.id, "supply")
    with pytest.raises(Conflict, match="already a member"):
        with workspace.operation("x") as uow:
            registers.add_member(uow, g.id, n.id, "principal")
    with pytest.raises(ValidationError, match="linked to itself"):
        with workspace.operation("x") as uow:
            registers.link_groups(uow, g.id, g.id)
    with workspace.reader() as s:
        group = registers.get_subject(s, g.id)
        nominal = registers.get_subject(s, n.id)
    assert group["members"][0]["reference"] == n.reference and group["members"][0]["role"].value == "significant"
    assert group["linked_groups"] == [{"group_id": other.id, "reference": other.reference, "name": "Eastside Firm",
                                       "nature": "supply", "marking": Marking.OFFICIAL}]
    assert nominal["groups"][0]["reference"] == g.reference
    assert nominal["name"] == "ASHDOWN, Peter Alan" and nominal["aliases"] == ["Pete the Boat"]


def test_search_covers_references_names_aliases_nicknames(workspace, region):
    with workspace.reader() as s:
        assert registers.search(s, "dockers")["group"][0]["reference"] == region["group"].reference
        assert registers.search(s, "pete the")["nominal"][0]["reference"] == region["nominal"].reference
        assert registers.search(s, region["vuln"].reference.lower())["vulnerability"]
        assert registers.search(s, "ashdown") and "group" not in registers.search(s, "ashdown")


def test_filters_match_sql_counts(workspace, region):
    with workspace.reader() as s:
        flt = SubjectFilter(lead_force_id=region["force"])
        assert registers.count_subjects(s, flt) == 1 == len(registers.list_subjects(s, flt))
        total = s.scalar(select(func.count()).select_from(Group))
        assert registers.count_subjects(s, SubjectFilter(kind=SubjectKind.GROUP)) == total


def test_analyst_cannot_manage_users_or_reference_data(workspace, ws_path, region):
    with workspace.operation("add") as uow:
        users.add_user(uow, "fay", "Meadow-lark-88", "analyst")
    with Workspace.open(ws_path, "fay", "Meadow-lark-88") as fay:
        with pytest.raises(PermissionDenied, match="may not manage users"):
            with fay.operation("x") as uow:
                users.add_user(uow, "gus", "Pebble-road-11", "analyst")
        with pytest.raises(PermissionDenied):
            with fay.operation("x") as uow:
                reference_data.create(uow, Force, {"code": "X", "name": "X"})
        with fay.operation("x") as uow:  # analysts do edit records
            registers.update_subject(uow, region["group"].id, {"lro_name": "DI Other"})


def test_last_administrator_is_protected(workspace):
    with pytest.raises(Conflict, match="last active administrator"):
        with workspace.operation("x") as uow:
            users.set_role(uow, ADMIN, "analyst")
    with pytest.raises(Conflict, match="your own account"):
        with workspace.operation("x") as uow:
            users.disable_user(uow, ADMIN)


def test_change_own_password_rewraps_slot(workspace, ws_path):
    with pytest.raises(ValidationError, match="current password is not correct"):
        with workspace.operation("x") as uow:
            users.change_own_password(uow, "wrong", "Another-pass-77")
    with workspace.operation("x") as uow:
        users.change_own_password(uow, ADMIN_PASSWORD, "Another-pass-77")
    Workspace.open(ws_path, ADMIN, "Another-pass-77").close()


def test_a_records_history_names_forces_units_and_people_not_their_ids(workspace, region):
    """The history an analyst reads says "lead force: Northmoor Police -> Southfen Constabulary",
    never "lead force id: 1 -> 2"; the administrator's audit trail says the same."""
    from rocta_desktop.gui.kit.history import describe_changes
    other = make_force(workspace, "SFC", "Southfen Constabulary")
    with workspace.operation("edit") as uow:
        registers.update_subject(uow, region["group"].id, {"lead_force_id": other, "owner_unit_id": None})
    with workspace.reader() as s:
        history = registers.history(s, region["group"].id)
        trail = [e for e in audit.search_events(s) if e["entity_id"] == region["group"].id and e["entity_type"] == "group"]
    created, edited = history[0]["changes"], history[-1]["changes"]
    assert edited["lead_force"] == {"before": "Northmoor Police", "after": "Southfen Constabulary"}
    assert edited["owner_unit"] == {"before": "ROCU Government Agency Intelligence", "after": None}
    assert created["created_by"]["after"] == "Admin User" and not any(k.endswith("_id") for k in created)
    assert trail[0]["changes"] == edited   # newest first
    words = describe_changes(edited)
    assert "lead force: Northmoor Police -> Southfen Constabulary" in words and " id" not in words


def test_a_record_named_in_a_change_is_named_only_to_those_who_may_see_it(workspace, region):
    """A change that names a record the reader is not cleared to see says so, not its reference (as
    for a record since deleted: on a server the two cannot be told apart); a person since removed
    keeps their number."""
    from rocta_desktop.services import trail_words
    with workspace.operation("create") as uow:
        secret = registers.create_group(uow, {"name": "Quiet Crew", "marking": "SECRET", "management_level": "local"}).id
    with workspace.operation("user") as uow:
        users.add_user(uow, "olly", "Quiet-harbour-2026", "analyst", temporary=False, clearance="OFFICIAL-SENSITIVE")
    change = [{"changes": {"subject_id": {"before": secret, "after": region["group"].id},
                           "group_id": {"before": None, "after": 987_654},
                           "user_id": {"before": 876_543, "after": None}}}]
    with Workspace.open(workspace.path, "olly", "Quiet-harbour-2026") as olly, olly.reader() as s:
        shown = trail_words.readable(s, change)[0]["changes"]
    harbour = region["group"].reference
    assert shown["subject"] == {"before": trail_words.HIDDEN, "after": harbour}
    assert shown["group"] == {"before": None, "after": trail_words.HIDDEN}
    assert shown["user"] == {"before": "#876543", "after": None}
    with workspace.reader() as s:   # the administrator, cleared to SECRET
        assert trail_words.readable(s, change)[0]["changes"]["subject"]["before"] == \
            workspace.read(registers.get_subject, secret)["reference"]
