"""One regional picture: every exchanged record gets a global identity (a UUID and the id of the
workspace that created it), kept forever; partners, conflicts and baselines for exchange packages.

Existing rows get a new UUID and this workspace as their origin. Rows inserted without them (the bulk
paths of imports and the demo) get them from a trigger; the ORM sets the UUID itself.

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

from rocta_desktop.store import ddl

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

TABLES = ("subjects", "assessments", "trigger_reports", "intel_requirements", "requirement_responses",
          "tasking_requests", "disruptions", "fourp_actions")
UUID_SQL = ("lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' "
            "|| substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' "
            "|| hex(randomblob(6)))")
ORIGIN_SQL = "(SELECT value FROM workspace_meta WHERE key = 'workspace_id')"


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('uuid', sa.String(length=36), nullable=True))
            batch_op.add_column(sa.Column('origin', sa.String(length=36), nullable=True))
        postgresql = ddl.is_postgresql(op)
        op.execute(f"UPDATE {table} SET uuid = {'gen_random_uuid()::text' if postgresql else UUID_SQL}, "
                   f"origin = {ORIGIN_SQL}")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_uuid'), ['uuid'], unique=True)
        if postgresql:
            ddl.run(op, ddl.pg_identity(table))
            continue
        op.execute(f"""CREATE TRIGGER trg_{table}_identity AFTER INSERT ON {table}
            WHEN NEW.uuid IS NULL OR NEW.origin IS NULL
            BEGIN UPDATE {table} SET uuid = coalesce(NEW.uuid, {UUID_SQL}), origin = coalesce(NEW.origin, {ORIGIN_SQL})
                  WHERE id = NEW.id; END""")
    op.create_table('exchange_partners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('prefix', sa.String(length=8), nullable=True),
    sa.Column('root_key_id', sa.String(length=32), nullable=False),
    sa.Column('root_public_key', sa.String(length=60), nullable=False),
    sa.Column('recipient', sa.String(length=100), nullable=False),
    sa.Column('ceiling', sa.String(length=40), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('last_sent_seq', sa.Integer(), nullable=False),
    sa.Column('last_sent_event', sa.Integer(), nullable=False),
    sa.Column('last_received_seq', sa.Integer(), nullable=False),
    sa.Column('registered_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_partners')),
    sa.UniqueConstraint('workspace_id', name=op.f('uq_exchange_partners_workspace_id'))
    )
    op.create_table('exchange_baselines',
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('entity_uuid', sa.String(length=36), nullable=False),
    sa.Column('digests', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['exchange_partners.id'],
                            name=op.f('fk_exchange_baselines_partner_id_exchange_partners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('partner_id', 'entity_uuid', name=op.f('pk_exchange_baselines'))
    )
    op.create_table('exchange_conflicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('package_seq', sa.Integer(), nullable=False),
    sa.Column('entity_type', sa.String(length=20), nullable=False),
    sa.Column('entity_uuid', sa.String(length=36), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('local_value', sa.JSON(), nullable=True),
    sa.Column('incoming_value', sa.JSON(), nullable=True),
    sa.Column('incoming_by', sa.String(length=120), nullable=True),
    sa.Column('incoming_at', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('resolution', sa.JSON(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['partner_id'], ['exchange_partners.id'],
                            name=op.f('fk_exchange_conflicts_partner_id_exchange_partners'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_exchange_conflicts_resolved_by_id_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_conflicts'))
    )
    with op.batch_alter_table('exchange_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchange_conflicts_status'), ['status'], unique=False)


def downgrade() -> None:
    op.drop_table('exchange_conflicts')
    op.drop_table('exchange_baselines')
    op.drop_table('exchange_partners')
    for table in TABLES:
        if ddl.is_postgresql(op):
            ddl.run(op, ddl.pg_drop(f"trg_{table}_identity", table))
        else:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_identity")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_uuid'))
            batch_op.drop_column('origin')
            batch_op.drop_column('uuid')
