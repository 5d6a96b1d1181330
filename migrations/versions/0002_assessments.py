"""Assessments: scheme definitions (stored whole, by id and version) and versioned assessments.

Triggers make an approved assessment immutable and a stored scheme definition unchangeable, in the
database itself, not only in the service. A later batch-mode rebuild of these tables must create
the triggers again.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

from rocta_desktop.store import ddl

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

TRIGGERS = {
    "trg_assessments_approved_no_update": """
        CREATE TRIGGER trg_assessments_approved_no_update BEFORE UPDATE ON assessments
        WHEN OLD.status = 'approved'
        BEGIN SELECT RAISE(ABORT, 'an approved assessment cannot be changed: start a re-assessment'); END""",
    "trg_assessments_approved_no_delete": """
        CREATE TRIGGER trg_assessments_approved_no_delete BEFORE DELETE ON assessments
        WHEN OLD.status = 'approved'
        BEGIN SELECT RAISE(ABORT, 'an approved assessment cannot be deleted'); END""",
    "trg_scheme_definitions_fixed": """
        CREATE TRIGGER trg_scheme_definitions_fixed BEFORE UPDATE OF scheme_id, version, sha256, definition
        ON scheme_definitions
        BEGIN SELECT RAISE(ABORT, 'a stored scheme definition cannot be changed: give it a new version'); END""",
}
PG_GUARDS = [
    ("trg_assessments_approved_no_update", "assessments", "UPDATE",
     "an approved assessment cannot be changed: start a re-assessment", "OLD.status = 'approved'", None),
    ("trg_assessments_approved_no_delete", "assessments", "DELETE", "an approved assessment cannot be deleted",
     "OLD.status = 'approved'", None),
    ("trg_scheme_definitions_fixed", "scheme_definitions", "UPDATE",
     "a stored scheme definition cannot be changed: give it a new version", None,
     ("scheme_id", "version", "sha256", "definition")),
]



def upgrade() -> None:
    op.create_table('scheme_definitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scheme_id', sa.String(length=48), nullable=False),
    sa.Column('version', sa.String(length=16), nullable=False),
    sa.Column('method', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('builtin', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_scheme_definitions_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheme_definitions')),
    sa.UniqueConstraint('scheme_id', 'version', name='uq_scheme_definitions_ref')
    )
    op.create_table('assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('scheme_row_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=40), nullable=False),
    sa.Column('scheme_id', sa.String(length=48), nullable=False),
    sa.Column('scheme_version', sa.String(length=16), nullable=False),
    sa.Column('engine_version', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('marking', sa.String(length=40), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('score_min', sa.Float(), nullable=True),
    sa.Column('score_max', sa.Float(), nullable=True),
    sa.Column('band', sa.String(length=80), nullable=True),
    sa.Column('band_level', sa.Integer(), nullable=True),
    sa.Column('priority', sa.String(length=80), nullable=True),
    sa.Column('unknown_count', sa.Integer(), nullable=False),
    sa.Column('confidence', sa.String(length=40), nullable=True),
    sa.Column('trigger_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.String(length=32), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.String(length=32), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.Column('next_review', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_assessments_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['previous_id'], ['assessments.id'], name=op.f('fk_assessments_previous_id_assessments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_assessments_reviewed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['scheme_row_id'], ['scheme_definitions.id'], name=op.f('fk_assessments_scheme_row_id_scheme_definitions'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['subject_id'], ['subjects.id'], name=op.f('fk_assessments_subject_id_subjects'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_assessments_submitted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessments')),
    sa.UniqueConstraint('reference', name=op.f('uq_assessments_reference')),
    sa.UniqueConstraint('subject_id', 'method', 'version', name='uq_assessments_subject_method_version')
    )
    op.create_index(op.f('ix_assessments_next_review'), 'assessments', ['next_review'], unique=False)
    op.create_index(op.f('ix_assessments_status'), 'assessments', ['status'], unique=False)
    op.create_index(op.f('ix_assessments_subject_id'), 'assessments', ['subject_id'], unique=False)
    ddl.create_guards(op, TRIGGERS, PG_GUARDS)


def downgrade() -> None:
    ddl.drop_guards(op, TRIGGERS, PG_GUARDS)
    op.drop_index(op.f('ix_assessments_subject_id'), table_name='assessments')
    op.drop_index(op.f('ix_assessments_status'), table_name='assessments')
    op.drop_index(op.f('ix_assessments_next_review'), table_name='assessments')
    op.drop_table('assessments')
    op.drop_table('scheme_definitions')
