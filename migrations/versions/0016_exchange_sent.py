"""Packages sent are remembered by what they carried, not by a digest of every field of it.

`exchange_sent`: one row per package sent to a partner, with the UUIDs of the records it carried
and the audit trail's high-water mark when they were read. What the partner holds of a record is
its value at that mark, which the audit trail gives back (the "before" of the first change since),
so an export writes one row instead of ten thousand. `exchange_baselines` (written at import) gets
the mark it was settled at, to tell which of the two is the newer.

Existing baselines keep their digests and the mark 0: older than any package sent from now on.

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('exchange_sent',
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('high_water', sa.Integer(), nullable=False),
    sa.Column('entities', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['exchange_partners.id'],
                            name=op.f('fk_exchange_sent_partner_id_exchange_partners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('partner_id', 'seq', name=op.f('pk_exchange_sent'))
    )
    with op.batch_alter_table('exchange_baselines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('at_event', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('exchange_baselines', schema=None) as batch_op:
        batch_op.drop_column('at_event')
    op.drop_table('exchange_sent')
