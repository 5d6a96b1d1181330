"""Saved link chart layouts: a subject's chart as an analyst arranged it (positions, hidden kinds,
collapsed and expanded records, filters), with the highest marking of the records it names.

A new table only: no existing table is rebuilt, so no batch mode and no trigger changes.

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('chart_layouts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('marking', sa.String(length=40), nullable=False),
    sa.Column('saved_by_id', sa.Integer(), nullable=True),
    sa.Column('saved_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['saved_by_id'], ['users.id'], name=op.f('fk_chart_layouts_saved_by_id_users'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subject_id'], ['subjects.id'], name=op.f('fk_chart_layouts_subject_id_subjects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chart_layouts'))
    )
    with op.batch_alter_table('chart_layouts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chart_layouts_marking'), ['marking'], unique=False)
        batch_op.create_index(batch_op.f('ix_chart_layouts_subject_id'), ['subject_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('chart_layouts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chart_layouts_subject_id'))
        batch_op.drop_index(batch_op.f('ix_chart_layouts_marking'))
    op.drop_table('chart_layouts')
