"""Consistency of assessment (#25): calibration exercises (one case, one scheme, several analysts
answering blind) with each analyst's answers, and the management level decisions taken from a
subject's approved results (what was suggested, why, what was chosen and the reason for a change).

New tables only: no existing table is rebuilt, so no batch mode and no trigger changes.

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calibration_exercises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('scheme_row_id', sa.Integer(), nullable=False),
    sa.Column('scheme_id', sa.String(length=48), nullable=False),
    sa.Column('scheme_version', sa.String(length=16), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('scenario', sa.Text(), nullable=True),
    sa.Column('marking', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.String(length=32), nullable=True),
    sa.Column('close_note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_calibration_exercises_closed_by_id_users'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                            name=op.f('fk_calibration_exercises_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['scheme_row_id'], ['scheme_definitions.id'],
                            name=op.f('fk_calibration_exercises_scheme_row_id_scheme_definitions'),
                            ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['subject_id'], ['subjects.id'], name=op.f('fk_calibration_exercises_subject_id_subjects'),
                            ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_exercises')),
    sa.UniqueConstraint('reference', name=op.f('uq_calibration_exercises_reference'))
    )
    with op.batch_alter_table('calibration_exercises', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calibration_exercises_marking'), ['marking'], unique=False)
        batch_op.create_index(batch_op.f('ix_calibration_exercises_subject_id'), ['subject_id'], unique=False)

    op.create_table('calibration_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('exercise_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('answers_sha256', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('saved_at', sa.String(length=32), nullable=True),
    sa.Column('submitted_at', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['exercise_id'], ['calibration_exercises.id'],
                            name=op.f('fk_calibration_answers_exercise_id_calibration_exercises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calibration_answers_user_id_users'),
                            ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_answers')),
    sa.UniqueConstraint('exercise_id', 'user_id', name='uq_calibration_answers_exercise_id')
    )
    with op.batch_alter_table('calibration_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calibration_answers_exercise_id'), ['exercise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_calibration_answers_user_id'), ['user_id'], unique=False)

    op.create_table('management_level_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('level_before', sa.String(length=16), nullable=True),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('suggested', sa.String(length=16), nullable=True),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('basis', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'],
                            name=op.f('fk_management_level_decisions_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subject_id'], ['subjects.id'],
                            name=op.f('fk_management_level_decisions_subject_id_subjects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_management_level_decisions'))
    )
    with op.batch_alter_table('management_level_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_management_level_decisions_subject_id'), ['subject_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('management_level_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_management_level_decisions_subject_id'))
    op.drop_table('management_level_decisions')
    with op.batch_alter_table('calibration_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calibration_answers_user_id'))
        batch_op.drop_index(batch_op.f('ix_calibration_answers_exercise_id'))
    op.drop_table('calibration_answers')
    with op.batch_alter_table('calibration_exercises', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calibration_exercises_subject_id'))
        batch_op.drop_index(batch_op.f('ix_calibration_exercises_marking'))
    op.drop_table('calibration_exercises')
