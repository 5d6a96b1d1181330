"""Initial schema: reference data, users, subjects (groups, nominals, vulnerabilities), audit.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('agencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agencies')),
    sa.UniqueConstraint('code', name=op.f('uq_agencies_code'))
    )
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('entity_type', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('entity_ref', sa.String(length=64), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_events_entity', ['entity_type', 'entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_user_id'), ['user_id'], unique=False)

    op.create_table('crime_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crime_types')),
    sa.UniqueConstraint('code', name=op.f('uq_crime_types_code'))
    )
    op.create_table('forces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forces')),
    sa.UniqueConstraint('code', name=op.f('uq_forces_code'))
    )
    op.create_table('reference_counters',
    sa.Column('prefix', sa.String(length=8), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', 'year', name=op.f('pk_reference_counters'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=32), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('workspace_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_workspace_meta'))
    )
    op.create_table('units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('force_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('capacity_threats', sa.Integer(), nullable=False),
    sa.Column('capacity_hours', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_units_agency_id_agencies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['force_id'], ['forces.id'], name=op.f('fk_units_force_id_forces'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_units')),
    sa.UniqueConstraint('code', name=op.f('uq_units_code'))
    )
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_units_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_units_force_id'), ['force_id'], unique=False)

    op.create_table('subjects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_norm', sa.String(length=200), nullable=False),
    sa.Column('marking', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('lead_force_id', sa.Integer(), nullable=True),
    sa.Column('owner_unit_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('archived_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_subjects_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lead_force_id'], ['forces.id'], name=op.f('fk_subjects_lead_force_id_forces'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_unit_id'], ['units.id'], name=op.f('fk_subjects_owner_unit_id_units'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subjects')),
    sa.UniqueConstraint('reference', name=op.f('uq_subjects_reference'))
    )
    with op.batch_alter_table('subjects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subjects_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_subjects_lead_force_id'), ['lead_force_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subjects_name_norm'), ['name_norm'], unique=False)
        batch_op.create_index(batch_op.f('ix_subjects_owner_unit_id'), ['owner_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subjects_status'), ['status'], unique=False)

    op.create_table('groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('management_level', sa.String(length=40), nullable=False),
    sa.Column('reach_scope', sa.String(length=40), nullable=True),
    sa.Column('lro_name', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['id'], ['subjects.id'], name=op.f('fk_groups_id_subjects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_groups'))
    )
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_groups_management_level'), ['management_level'], unique=False)

    op.create_table('nominals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('surname', sa.String(length=200), nullable=False),
    sa.Column('forenames', sa.String(length=200), nullable=True),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('gender', sa.String(length=40), nullable=True),
    sa.Column('nationality', sa.String(length=80), nullable=True),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['subjects.id'], name=op.f('fk_nominals_id_subjects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nominals'))
    )
    with op.batch_alter_table('nominals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nominals_date_of_birth'), ['date_of_birth'], unique=False)

    op.create_table('subject_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('alias', sa.String(length=200), nullable=False),
    sa.Column('alias_norm', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['subject_id'], ['subjects.id'], name=op.f('fk_subject_aliases_subject_id_subjects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subject_aliases'))
    )
    with op.batch_alter_table('subject_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subject_aliases_alias_norm'), ['alias_norm'], unique=False)
        batch_op.create_index(batch_op.f('ix_subject_aliases_subject_id'), ['subject_id'], unique=False)

    op.create_table('vulnerabilities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['id'], ['subjects.id'], name=op.f('fk_vulnerabilities_id_subjects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vulnerabilities'))
    )
    op.create_table('group_crime_types',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('crime_type_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['crime_type_id'], ['crime_types.id'], name=op.f('fk_group_crime_types_crime_type_id_crime_types'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_crime_types_group_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'crime_type_id', name=op.f('pk_group_crime_types'))
    )
    with op.batch_alter_table('group_crime_types', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_crime_types_crime_type_id'), ['crime_type_id'], unique=False)

    op.create_table('group_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_a_id', sa.Integer(), nullable=False),
    sa.Column('group_b_id', sa.Integer(), nullable=False),
    sa.Column('nature', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['group_a_id'], ['groups.id'], name=op.f('fk_group_links_group_a_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_b_id'], ['groups.id'], name=op.f('fk_group_links_group_b_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_links')),
    sa.UniqueConstraint('group_a_id', 'group_b_id', name=op.f('uq_group_links_group_a_id'))
    )
    with op.batch_alter_table('group_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_links_group_a_id'), ['group_a_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_links_group_b_id'), ['group_b_id'], unique=False)

    op.create_table('group_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('nominal_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_members_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nominal_id'], ['nominals.id'], name=op.f('fk_group_members_nominal_id_nominals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_members')),
    sa.UniqueConstraint('group_id', 'nominal_id', name=op.f('uq_group_members_group_id'))
    )
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_members_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_members_nominal_id'), ['nominal_id'], unique=False)

    op.create_table('group_reach',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('force_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['force_id'], ['forces.id'], name=op.f('fk_group_reach_force_id_forces'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_reach_group_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'force_id', name=op.f('pk_group_reach'))
    )
    with op.batch_alter_table('group_reach', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_reach_force_id'), ['force_id'], unique=False)

    op.create_table('nominal_associations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nominal_a_id', sa.Integer(), nullable=False),
    sa.Column('nominal_b_id', sa.Integer(), nullable=False),
    sa.Column('nature', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['nominal_a_id'], ['nominals.id'], name=op.f('fk_nominal_associations_nominal_a_id_nominals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nominal_b_id'], ['nominals.id'], name=op.f('fk_nominal_associations_nominal_b_id_nominals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nominal_associations')),
    sa.UniqueConstraint('nominal_a_id', 'nominal_b_id', name=op.f('uq_nominal_associations_nominal_a_id'))
    )
    with op.batch_alter_table('nominal_associations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nominal_associations_nominal_a_id'), ['nominal_a_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nominal_associations_nominal_b_id'), ['nominal_b_id'], unique=False)

    op.create_table('nominal_identifiers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nominal_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('value', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['nominal_id'], ['nominals.id'], name=op.f('fk_nominal_identifiers_nominal_id_nominals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nominal_identifiers')),
    sa.UniqueConstraint('nominal_id', 'kind', 'value', name=op.f('uq_nominal_identifiers_nominal_id'))
    )
    with op.batch_alter_table('nominal_identifiers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nominal_identifiers_nominal_id'), ['nominal_id'], unique=False)
        batch_op.create_index('ix_nominal_identifiers_value', ['value'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('nominal_identifiers', schema=None) as batch_op:
        batch_op.drop_index('ix_nominal_identifiers_value')
        batch_op.drop_index(batch_op.f('ix_nominal_identifiers_nominal_id'))

    op.drop_table('nominal_identifiers')
    with op.batch_alter_table('nominal_associations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nominal_associations_nominal_b_id'))
        batch_op.drop_index(batch_op.f('ix_nominal_associations_nominal_a_id'))

    op.drop_table('nominal_associations')
    with op.batch_alter_table('group_reach', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_reach_force_id'))

    op.drop_table('group_reach')
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_members_nominal_id'))
        batch_op.drop_index(batch_op.f('ix_group_members_group_id'))

    op.drop_table('group_members')
    with op.batch_alter_table('group_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_links_group_b_id'))
        batch_op.drop_index(batch_op.f('ix_group_links_group_a_id'))

    op.drop_table('group_links')
    with op.batch_alter_table('group_crime_types', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_crime_types_crime_type_id'))

    op.drop_table('group_crime_types')
    op.drop_table('vulnerabilities')
    with op.batch_alter_table('subject_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subject_aliases_subject_id'))
        batch_op.drop_index(batch_op.f('ix_subject_aliases_alias_norm'))

    op.drop_table('subject_aliases')
    with op.batch_alter_table('nominals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nominals_date_of_birth'))

    op.drop_table('nominals')
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_groups_management_level'))

    op.drop_table('groups')
    with op.batch_alter_table('subjects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subjects_status'))
        batch_op.drop_index(batch_op.f('ix_subjects_owner_unit_id'))
        batch_op.drop_index(batch_op.f('ix_subjects_name_norm'))
        batch_op.drop_index(batch_op.f('ix_subjects_lead_force_id'))
        batch_op.drop_index(batch_op.f('ix_subjects_kind'))

    op.drop_table('subjects')
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_units_force_id'))
        batch_op.drop_index(batch_op.f('ix_units_agency_id'))

    op.drop_table('units')
    op.drop_table('workspace_meta')
    op.drop_table('users')
    op.drop_table('reference_counters')
    op.drop_table('forces')
    op.drop_table('crime_types')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_user_id'))
        batch_op.drop_index('ix_audit_events_entity')
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))
        batch_op.drop_index(batch_op.f('ix_audit_events_action'))

    op.drop_table('audit_events')
    op.drop_table('agencies')

