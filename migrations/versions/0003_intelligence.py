"""Trigger reports and the intelligence collection plan (requirements, tasked agencies, responses).

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

TABLES = ['requirement_subjects', 'requirement_responses', 'requirement_agencies', 'trigger_reports',
          'intel_requirements']


def upgrade() -> None:
    op.create_table('intel_requirements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('themes', sa.String(length=400), nullable=True),
    sa.Column('priority', sa.String(length=40), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('owner_unit_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('marking', sa.String(length=40), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_intel_requirements_assessment_id_assessments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_intel_requirements_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_unit_id'], ['units.id'], name=op.f('fk_intel_requirements_owner_unit_id_units'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intel_requirements')),
    sa.UniqueConstraint('reference', name=op.f('uq_intel_requirements_reference'))
    )
    op.create_index(op.f('ix_intel_requirements_due_on'), 'intel_requirements', ['due_on'], unique=False)
    op.create_index(op.f('ix_intel_requirements_priority'), 'intel_requirements', ['priority'], unique=False)
    op.create_index(op.f('ix_intel_requirements_status'), 'intel_requirements', ['status'], unique=False)
    op.create_table('trigger_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('force_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('officer', sa.String(length=200), nullable=False),
    sa.Column('subject_kind', sa.String(length=16), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('proposed_name', sa.String(length=200), nullable=True),
    sa.Column('proposed_name_norm', sa.String(length=200), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('grounds', sa.Text(), nullable=True),
    sa.Column('source_evaluation', sa.String(length=40), nullable=False),
    sa.Column('intel_assessment', sa.String(length=40), nullable=False),
    sa.Column('handling_code', sa.String(length=40), nullable=False),
    sa.Column('handling_conditions', sa.Text(), nullable=True),
    sa.Column('marking', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('assessment_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_trigger_reports_agency_id_agencies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_trigger_reports_assessment_id_assessments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_trigger_reports_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_trigger_reports_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['duplicate_of_id'], ['trigger_reports.id'], name=op.f('fk_trigger_reports_duplicate_of_id_trigger_reports'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['force_id'], ['forces.id'], name=op.f('fk_trigger_reports_force_id_forces'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subject_id'], ['subjects.id'], name=op.f('fk_trigger_reports_subject_id_subjects'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trigger_reports')),
    sa.UniqueConstraint('reference', name=op.f('uq_trigger_reports_reference'))
    )
    op.create_index(op.f('ix_trigger_reports_proposed_name_norm'), 'trigger_reports', ['proposed_name_norm'], unique=False)
    op.create_index(op.f('ix_trigger_reports_received_on'), 'trigger_reports', ['received_on'], unique=False)
    op.create_index(op.f('ix_trigger_reports_status'), 'trigger_reports', ['status'], unique=False)
    op.create_index(op.f('ix_trigger_reports_subject_id'), 'trigger_reports', ['subject_id'], unique=False)
    op.create_table('requirement_agencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requirement_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_requirement_agencies_agency_id_agencies'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['requirement_id'], ['intel_requirements.id'], name=op.f('fk_requirement_agencies_requirement_id_intel_requirements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_requirement_agencies')),
    sa.UniqueConstraint('requirement_id', 'agency_id', name=op.f('uq_requirement_agencies_requirement_id'))
    )
    op.create_index(op.f('ix_requirement_agencies_agency_id'), 'requirement_agencies', ['agency_id'], unique=False)
    op.create_index(op.f('ix_requirement_agencies_requirement_id'), 'requirement_agencies', ['requirement_id'], unique=False)
    op.create_table('requirement_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requirement_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('source_evaluation', sa.String(length=40), nullable=False),
    sa.Column('intel_assessment', sa.String(length=40), nullable=False),
    sa.Column('handling_code', sa.String(length=40), nullable=False),
    sa.Column('handling_conditions', sa.Text(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('answers', sa.String(length=40), nullable=False),
    sa.Column('marking', sa.String(length=40), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_requirement_responses_agency_id_agencies'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_requirement_responses_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requirement_id'], ['intel_requirements.id'], name=op.f('fk_requirement_responses_requirement_id_intel_requirements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_requirement_responses'))
    )
    op.create_index(op.f('ix_requirement_responses_agency_id'), 'requirement_responses', ['agency_id'], unique=False)
    op.create_index(op.f('ix_requirement_responses_requirement_id'), 'requirement_responses', ['requirement_id'], unique=False)
    op.create_table('requirement_subjects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requirement_id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['requirement_id'], ['intel_requirements.id'], name=op.f('fk_requirement_subjects_requirement_id_intel_requirements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subject_id'], ['subjects.id'], name=op.f('fk_requirement_subjects_subject_id_subjects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_requirement_subjects')),
    sa.UniqueConstraint('requirement_id', 'subject_id', name=op.f('uq_requirement_subjects_requirement_id'))
    )
    op.create_index(op.f('ix_requirement_subjects_requirement_id'), 'requirement_subjects', ['requirement_id'], unique=False)
    op.create_index(op.f('ix_requirement_subjects_subject_id'), 'requirement_subjects', ['subject_id'], unique=False)
    # ### end Alembic commands ###


def downgrade() -> None:
    for table in TABLES:  # children first; their indexes go with them
        op.drop_table(table)
