"""Tasking: tasking requests, T&CG meetings (with the frozen priority list), decisions and actions.

Triggers keep a meeting's snapshot as it was taken, and a finalised meeting and its decisions
unchanged, in the database itself, not only in the service. A later batch-mode rebuild of these
tables must create the triggers again.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

from rocta_desktop.store import ddl

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

TRIGGERS = {
    "trg_tcg_meetings_snapshot_fixed": """
        CREATE TRIGGER trg_tcg_meetings_snapshot_fixed BEFORE UPDATE OF snapshot, snapshot_at ON tcg_meetings
        WHEN NEW.snapshot IS NOT OLD.snapshot OR NEW.snapshot_at IS NOT OLD.snapshot_at
        BEGIN SELECT RAISE(ABORT, 'a T&CG snapshot of the priority list cannot be changed'); END""",
    "trg_tcg_meetings_final_no_update": """
        CREATE TRIGGER trg_tcg_meetings_final_no_update BEFORE UPDATE ON tcg_meetings
        WHEN OLD.finalised_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a finalised T&CG meeting cannot be changed'); END""",
    "trg_tcg_meetings_final_no_delete": """
        CREATE TRIGGER trg_tcg_meetings_final_no_delete BEFORE DELETE ON tcg_meetings
        WHEN OLD.finalised_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a finalised T&CG meeting cannot be deleted'); END""",
    "trg_tcg_decisions_final_no_insert": """
        CREATE TRIGGER trg_tcg_decisions_final_no_insert BEFORE INSERT ON tcg_decisions
        WHEN (SELECT finalised_at FROM tcg_meetings WHERE id = NEW.meeting_id) IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a finalised T&CG meeting cannot take new decisions'); END""",
    "trg_tcg_decisions_final_no_update": """
        CREATE TRIGGER trg_tcg_decisions_final_no_update BEFORE UPDATE ON tcg_decisions
        WHEN (SELECT finalised_at FROM tcg_meetings WHERE id = OLD.meeting_id) IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'decisions of a finalised T&CG meeting cannot be changed'); END""",
    "trg_tcg_decisions_final_no_delete": """
        CREATE TRIGGER trg_tcg_decisions_final_no_delete BEFORE DELETE ON tcg_decisions
        WHEN (SELECT finalised_at FROM tcg_meetings WHERE id = OLD.meeting_id) IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'decisions of a finalised T&CG meeting cannot be deleted'); END""",
}
_FINAL = "(SELECT finalised_at FROM tcg_meetings WHERE id = {}.meeting_id) IS NOT NULL"
PG_GUARDS = [
    ("trg_tcg_meetings_snapshot_fixed", "tcg_meetings", "UPDATE",
     "a T&CG snapshot of the priority list cannot be changed",
     "NEW.snapshot::text IS DISTINCT FROM OLD.snapshot::text OR NEW.snapshot_at IS DISTINCT FROM OLD.snapshot_at",
     ("snapshot", "snapshot_at")),
    ("trg_tcg_meetings_final_no_update", "tcg_meetings", "UPDATE", "a finalised T&CG meeting cannot be changed",
     "OLD.finalised_at IS NOT NULL", None),
    ("trg_tcg_meetings_final_no_delete", "tcg_meetings", "DELETE", "a finalised T&CG meeting cannot be deleted",
     "OLD.finalised_at IS NOT NULL", None),
    ("trg_tcg_decisions_final_no_insert", "tcg_decisions", "INSERT",
     "a finalised T&CG meeting cannot take new decisions", _FINAL.format("NEW"), None),
    ("trg_tcg_decisions_final_no_update", "tcg_decisions", "UPDATE",
     "decisions of a finalised T&CG meeting cannot be changed", _FINAL.format("OLD"), None),
    ("trg_tcg_decisions_final_no_delete", "tcg_decisions", "DELETE",
     "decisions of a finalised T&CG meeting cannot be deleted", _FINAL.format("OLD"), None),
]



def upgrade() -> None:
    op.create_table('tcg_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('level', sa.String(length=40), nullable=False),
    sa.Column('force_id', sa.Integer(), nullable=True),
    sa.Column('chair', sa.String(length=200), nullable=True),
    sa.Column('attendees', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('marking', sa.String(length=40), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('snapshot_at', sa.String(length=32), nullable=False),
    sa.Column('finalised_at', sa.String(length=32), nullable=True),
    sa.Column('finalised_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_tcg_meetings_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['finalised_by_id'], ['users.id'], name=op.f('fk_tcg_meetings_finalised_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['force_id'], ['forces.id'], name=op.f('fk_tcg_meetings_force_id_forces'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tcg_meetings')),
    sa.UniqueConstraint('reference', name=op.f('uq_tcg_meetings_reference'))
    )
    op.create_index(op.f('ix_tcg_meetings_held_on'), 'tcg_meetings', ['held_on'], unique=False)
    op.create_table('tcg_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['tcg_meetings.id'], name=op.f('fk_tcg_actions_meeting_id_tcg_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tcg_actions'))
    )
    op.create_index(op.f('ix_tcg_actions_meeting_id'), 'tcg_actions', ['meeting_id'], unique=False)
    op.create_table('tasking_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('objective', sa.Text(), nullable=False),
    sa.Column('requester', sa.String(length=200), nullable=False),
    sa.Column('owner_unit_id', sa.Integer(), nullable=True),
    sa.Column('owner_force_id', sa.Integer(), nullable=True),
    sa.Column('owner_agency_id', sa.Integer(), nullable=True),
    sa.Column('four_p', sa.String(length=40), nullable=False),
    sa.Column('priority', sa.String(length=8), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('effort_hours', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=True),
    sa.Column('marking', sa.String(length=40), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('status_changed_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_tasking_requests_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_agency_id'], ['agencies.id'], name=op.f('fk_tasking_requests_owner_agency_id_agencies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_force_id'], ['forces.id'], name=op.f('fk_tasking_requests_owner_force_id_forces'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_unit_id'], ['units.id'], name=op.f('fk_tasking_requests_owner_unit_id_units'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subject_id'], ['subjects.id'], name=op.f('fk_tasking_requests_subject_id_subjects'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasking_requests')),
    sa.UniqueConstraint('reference', name=op.f('uq_tasking_requests_reference'))
    )
    op.create_index(op.f('ix_tasking_requests_owner_agency_id'), 'tasking_requests', ['owner_agency_id'], unique=False)
    op.create_index(op.f('ix_tasking_requests_owner_force_id'), 'tasking_requests', ['owner_force_id'], unique=False)
    op.create_index(op.f('ix_tasking_requests_owner_unit_id'), 'tasking_requests', ['owner_unit_id'], unique=False)
    op.create_index(op.f('ix_tasking_requests_status'), 'tasking_requests', ['status'], unique=False)
    op.create_index(op.f('ix_tasking_requests_subject_id'), 'tasking_requests', ['subject_id'], unique=False)
    op.create_table('tcg_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=40), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['tcg_meetings.id'], name=op.f('fk_tcg_decisions_meeting_id_tcg_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['request_id'], ['tasking_requests.id'], name=op.f('fk_tcg_decisions_request_id_tasking_requests'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tcg_decisions')),
    sa.UniqueConstraint('meeting_id', 'request_id', name='uq_tcg_decisions_meeting_request')
    )
    op.create_index(op.f('ix_tcg_decisions_meeting_id'), 'tcg_decisions', ['meeting_id'], unique=False)
    op.create_index(op.f('ix_tcg_decisions_request_id'), 'tcg_decisions', ['request_id'], unique=False)
    ddl.create_guards(op, TRIGGERS, PG_GUARDS)


def downgrade() -> None:
    ddl.drop_guards(op, TRIGGERS, PG_GUARDS)
    op.drop_index(op.f('ix_tcg_decisions_request_id'), table_name='tcg_decisions')
    op.drop_index(op.f('ix_tcg_decisions_meeting_id'), table_name='tcg_decisions')
    op.drop_table('tcg_decisions')
    op.drop_index(op.f('ix_tasking_requests_subject_id'), table_name='tasking_requests')
    op.drop_index(op.f('ix_tasking_requests_status'), table_name='tasking_requests')
    op.drop_index(op.f('ix_tasking_requests_owner_unit_id'), table_name='tasking_requests')
    op.drop_index(op.f('ix_tasking_requests_owner_force_id'), table_name='tasking_requests')
    op.drop_index(op.f('ix_tasking_requests_owner_agency_id'), table_name='tasking_requests')
    op.drop_table('tasking_requests')
    op.drop_index(op.f('ix_tcg_actions_meeting_id'), table_name='tcg_actions')
    op.drop_table('tcg_actions')
    op.drop_index(op.f('ix_tcg_meetings_held_on'), table_name='tcg_meetings')
    op.drop_table('tcg_meetings')
