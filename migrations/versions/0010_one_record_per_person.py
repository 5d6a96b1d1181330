"""One person, one record: decisions on duplicate pairs, reversible merges, and the content keys of
imported rows (a file without references is never imported twice).

An approved assessment or disruption still cannot change, except which subject it is about: a merge
moves it to the record kept (and an unmerge back). The guards now name every other column.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

from rocta_desktop.store import ddl

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


GUARDS = {"assessments": "an approved assessment cannot be changed: start a re-assessment",
          "disruptions": "an approved disruption cannot be changed"}


def upgrade() -> None:
    op.create_table('duplicate_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('a_uuid', sa.String(length=36), nullable=False),
    sa.Column('b_uuid', sa.String(length=36), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_duplicate_decisions_decided_by_id_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duplicate_decisions')),
    sa.UniqueConstraint('a_uuid', 'b_uuid', name=op.f('uq_duplicate_decisions_a_uuid'))
    )
    op.create_table('merges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('keep_uuid', sa.String(length=36), nullable=False),
    sa.Column('other_uuid', sa.String(length=36), nullable=False),
    sa.Column('keep_reference', sa.String(length=64), nullable=False),
    sa.Column('other_reference', sa.String(length=64), nullable=False),
    sa.Column('operations', sa.JSON(), nullable=False),
    sa.Column('merged_by_id', sa.Integer(), nullable=True),
    sa.Column('merged_at', sa.String(length=32), nullable=False),
    sa.Column('undone_at', sa.String(length=32), nullable=True),
    sa.Column('undone_by_id', sa.Integer(), nullable=True),
    sa.Column('uuid', sa.String(length=36), nullable=True),
    sa.Column('origin', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['merged_by_id'], ['users.id'], name=op.f('fk_merges_merged_by_id_users'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['undone_by_id'], ['users.id'], name=op.f('fk_merges_undone_by_id_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_merges')),
    sa.UniqueConstraint('reference', name=op.f('uq_merges_reference'))
    )
    op.create_index(op.f('ix_merges_uuid'), 'merges', ['uuid'], unique=True)
    op.create_table('import_keys',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('entity_uuid', sa.String(length=36), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_import_keys'))
    )
    for table, message in GUARDS.items():
        if ddl.is_postgresql(op):
            columns = [c["name"] for c in sa.inspect(op.get_bind()).get_columns(table) if c["name"] != "subject_id"]
            name = f"trg_{table}_approved_no_update"
            ddl.run(op, ddl.pg_drop(name, table) + ddl.pg_guard(name, table, "UPDATE", message,
                                                                 when="OLD.status = 'approved'", of=columns))
            continue
        columns = [r[1] for r in op.get_bind().exec_driver_sql(f'PRAGMA table_info("{table}")').fetchall()
                   if r[1] != "subject_id"]
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_approved_no_update")
        op.execute(f"""CREATE TRIGGER trg_{table}_approved_no_update BEFORE UPDATE OF {", ".join(columns)} ON {table}
            WHEN OLD.status = 'approved'
            BEGIN SELECT RAISE(ABORT, '{message}'); END""")


def downgrade() -> None:
    for table, message in GUARDS.items():
        if ddl.is_postgresql(op):
            name = f"trg_{table}_approved_no_update"
            ddl.run(op, ddl.pg_drop(name, table) + ddl.pg_guard(name, table, "UPDATE", message,
                                                                 when="OLD.status = 'approved'"))
            continue
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_approved_no_update")
        op.execute(f"""CREATE TRIGGER trg_{table}_approved_no_update BEFORE UPDATE ON {table}
            WHEN OLD.status = 'approved'
            BEGIN SELECT RAISE(ABORT, '{message}'); END""")
    op.drop_index(op.f('ix_merges_uuid'), table_name='merges')
    op.drop_table('import_keys')
    op.drop_table('merges')
    op.drop_table('duplicate_decisions')
