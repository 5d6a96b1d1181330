"""Impact: 4P plans and actions, disruptions (contributing agencies, outcomes), best practice.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

from rocta_desktop.store import ddl

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

TABLES = ['fourp_actions', 'disruption_outcomes', 'disruption_agencies', 'fourp_plans', 'disruptions',
          'best_practice']


def upgrade() -> None:
    op.create_table('best_practice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('what_was_done', sa.Text(), nullable=False),
    sa.Column('what_worked', sa.Text(), nullable=True),
    sa.Column('contact', sa.String(length=200), nullable=True),
    sa.Column('tags', sa.String(length=400), nullable=True),
    sa.Column('marking', sa.String(length=40), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_best_practice_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subject_id'], ['subjects.id'], name=op.f('fk_best_practice_subject_id_subjects'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_best_practice')),
    sa.UniqueConstraint('reference', name=op.f('uq_best_practice_reference'))
    )
    op.create_table('disruptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('four_p', sa.String(length=40), nullable=False),
    sa.Column('tactic', sa.String(length=200), nullable=False),
    sa.Column('grade', sa.String(length=40), nullable=False),
    sa.Column('lead_agency_id', sa.Integer(), nullable=True),
    sa.Column('operation', sa.String(length=120), nullable=True),
    sa.Column('narrative', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('marking', sa.String(length=40), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.String(length=32), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.String(length=32), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_disruptions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lead_agency_id'], ['agencies.id'], name=op.f('fk_disruptions_lead_agency_id_agencies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_disruptions_reviewed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subject_id'], ['subjects.id'], name=op.f('fk_disruptions_subject_id_subjects'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_disruptions_submitted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disruptions')),
    sa.UniqueConstraint('reference', name=op.f('uq_disruptions_reference'))
    )
    op.create_index(op.f('ix_disruptions_four_p'), 'disruptions', ['four_p'], unique=False)
    op.create_index(op.f('ix_disruptions_occurred_on'), 'disruptions', ['occurred_on'], unique=False)
    op.create_index(op.f('ix_disruptions_status'), 'disruptions', ['status'], unique=False)
    op.create_index(op.f('ix_disruptions_subject_id'), 'disruptions', ['subject_id'], unique=False)
    op.create_table('fourp_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('owner_unit_id', sa.Integer(), nullable=True),
    sa.Column('owner_agency_id', sa.Integer(), nullable=True),
    sa.Column('marking', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['owner_agency_id'], ['agencies.id'], name=op.f('fk_fourp_plans_owner_agency_id_agencies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_unit_id'], ['units.id'], name=op.f('fk_fourp_plans_owner_unit_id_units'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subject_id'], ['subjects.id'], name=op.f('fk_fourp_plans_subject_id_subjects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fourp_plans')),
    sa.UniqueConstraint('subject_id', name=op.f('uq_fourp_plans_subject_id'))
    )
    op.create_table('disruption_agencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('disruption_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_disruption_agencies_agency_id_agencies'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['disruption_id'], ['disruptions.id'], name=op.f('fk_disruption_agencies_disruption_id_disruptions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disruption_agencies')),
    sa.UniqueConstraint('disruption_id', 'agency_id', name=op.f('uq_disruption_agencies_disruption_id'))
    )
    op.create_index(op.f('ix_disruption_agencies_disruption_id'), 'disruption_agencies', ['disruption_id'], unique=False)
    op.create_table('disruption_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('disruption_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('quantity', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=True),
    sa.Column('detail', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['disruption_id'], ['disruptions.id'], name=op.f('fk_disruption_outcomes_disruption_id_disruptions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disruption_outcomes'))
    )
    op.create_index(op.f('ix_disruption_outcomes_disruption_id'), 'disruption_outcomes', ['disruption_id'], unique=False)
    op.create_table('fourp_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('four_p', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['fourp_plans.id'], name=op.f('fk_fourp_actions_plan_id_fourp_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fourp_actions'))
    )
    op.create_index(op.f('ix_fourp_actions_plan_id'), 'fourp_actions', ['plan_id'], unique=False)
    # ### end Alembic commands ###
    if ddl.is_postgresql(op):
        ddl.run(op, ddl.pg_guard("trg_disruptions_approved_no_update", "disruptions", "UPDATE",
                                 "an approved disruption cannot be changed", when="OLD.status = 'approved'"))
        return
    op.execute("""
        CREATE TRIGGER trg_disruptions_approved_no_update BEFORE UPDATE ON disruptions
        WHEN OLD.status = 'approved'
        BEGIN SELECT RAISE(ABORT, 'an approved disruption cannot be changed'); END""")


def downgrade() -> None:
    if ddl.is_postgresql(op):
        ddl.run(op, ddl.pg_drop("trg_disruptions_approved_no_update", "disruptions"))
    else:
        op.execute("DROP TRIGGER IF EXISTS trg_disruptions_approved_no_update")
    for table in TABLES:
        op.drop_table(table)
