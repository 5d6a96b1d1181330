"""A window left open keeps nothing an administrator has since taken away (found by trying the
product as an insider: an administrator demoted or disabled while signed in could still change the
backup schedule, manage accounts and read at the old clearance from the window already open).

Every session checks the account as it is now: disabled is refused; a changed role or clearance is
taken up, once the row is proven to match the certificate an administrator signed; a row changed
outside the application is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from rocta_desktop.domain.errors import PermissionDenied
from rocta_desktop.domain.markings import Marking
from rocta_desktop.domain.users import Role
from rocta_desktop.services import backup, registers, users
from rocta_desktop.store.models import AuditEvent
from tests.attacks import insider
from tests.conftest import TEAM_PASSWORD


def test_a_demoted_administrator_loses_the_role_in_the_window_already_open(workspace, team):
    workspace.write("u", users.set_role, "sam", "administrator")
    sam = team.open("sam")
    sam.write("schedule", backup.set_schedule, 7, 5)    # an administrator now
    workspace.write("u", users.set_role, "sam", "analyst")
    with pytest.raises(PermissionDenied, match="may not"):
        sam.write("schedule", backup.set_schedule, 1, 2)
    with pytest.raises(PermissionDenied):
        sam.write("u", users.add_user, "zed", TEAM_PASSWORD, "administrator")
    assert sam.actor.role is Role.ANALYST
    assert workspace.read(users.list_users)[-1]["username"] != "zed"
    made = sam.write("g", registers.create_group, {"name": "Crew", "marking": "OFFICIAL", "management_level": "local"})
    with workspace.reader() as s:   # acted, and signed, as an analyst
        last = s.scalars(select(AuditEvent).where(AuditEvent.entity_id == made.id, AuditEvent.entity_type == "group")
                         .order_by(AuditEvent.id.desc())).first()
    assert (last.username, last.role) == ("sam", "analyst")


def test_a_disabled_account_can_neither_write_nor_read_from_its_open_window(workspace, team):
    ana = team.open("ana")
    ana.write("g", registers.create_group, {"name": "Before", "marking": "OFFICIAL", "management_level": "local"})
    workspace.write("u", users.disable_user, "ana")
    count = len(workspace.read(registers.list_subjects, registers.SubjectFilter()))
    with pytest.raises(PermissionDenied, match="disabled since signing in"):
        ana.write("g", registers.create_group, {"name": "After", "marking": "OFFICIAL", "management_level": "local"})
    with pytest.raises(PermissionDenied, match="disabled since signing in"):
        ana.read(registers.list_subjects, registers.SubjectFilter())
    assert len(workspace.read(registers.list_subjects, registers.SubjectFilter())) == count


def test_a_lowered_clearance_applies_to_the_open_window_at_once(workspace, team):
    workspace.write("g", registers.create_nominal, {"surname": "Covert", "marking": "SECRET"})
    ana = team.open("ana")
    names = lambda: {r["name"] for r in ana.read(registers.list_subjects, registers.SubjectFilter())}  # noqa: E731 - a probe read twice
    assert "COVERT" in names()
    workspace.write("u", users.set_clearance, "ana", "OFFICIAL")
    assert "COVERT" not in names()
    assert ana.actor.clearance is Marking.OFFICIAL


def test_a_role_raised_outside_the_application_is_refused_in_the_open_window(workspace, team):
    ana = team.open("ana")
    with insider(workspace, ana) as conn:   # she makes herself an administrator with the key
        conn.execute(text("UPDATE users SET role = 'administrator' WHERE username = 'ana'"))
    with pytest.raises(PermissionDenied, match="does not match its signed certificate"):
        ana.write("u", users.add_user, "zed", TEAM_PASSWORD, "administrator")
    with pytest.raises(PermissionDenied, match="does not match its signed certificate"):
        ana.read(registers.list_subjects, registers.SubjectFilter())
    assert ana.actor.role is Role.ANALYST
    assert "zed" not in {u["username"] for u in workspace.read(users.list_users)}


def test_a_password_reset_ends_the_window_signed_in_with_the_old_key(workspace, team):
    """An administrator resets a password (say, the account was seen misused): the window already
    signed in with the old key signs nothing more; signing in with the new password works."""
    ana = team.open("ana")
    workspace.write("u", users.reset_password, "ana", "Reset-password-2026!")
    with pytest.raises(PermissionDenied, match="sign in again"):
        ana.write("g", registers.create_group, {"name": "Late", "marking": "OFFICIAL", "management_level": "local"})
    from rocta_desktop.services.workspace import Workspace
    with Workspace.open(workspace.path, "ana", "Reset-password-2026!") as again:
        again.read(registers.list_subjects, registers.SubjectFilter())


def test_changing_ones_own_password_keeps_that_window_working(workspace, team):
    ana = team.open("ana")
    ana.write("p", users.change_own_password, TEAM_PASSWORD, "Changed-password-2026!")
    ana.write("g", registers.create_group, {"name": "After", "marking": "OFFICIAL", "management_level": "local"})


def test_a_refused_window_holds_no_lock(workspace, team):
    """The refusal lets go of the write lock at once: everyone else goes on writing."""
    ana = team.open("ana")
    workspace.write("u", users.disable_user, "ana")
    with pytest.raises(PermissionDenied):
        ana.write("g", registers.create_group, {"name": "X", "marking": "OFFICIAL", "management_level": "local"})
    workspace.write("g", registers.create_group, {"name": "Y", "marking": "OFFICIAL", "management_level": "local"})
