"""Test-only: a migration that does real work (new table, table rebuild, data changes) and then fails.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("watchlists",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("name", sa.String(length=100), nullable=False),
                    sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlists")))
    with op.batch_alter_table("nominals", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("risk_score", sa.Integer(), nullable=True))
    op.execute("INSERT INTO watchlists (name) VALUES ('priority')")
    op.execute("UPDATE nominals SET risk_score = 99")
    op.execute("DELETE FROM subject_aliases")
    op.execute("UPDATE subjects SET name = 'OVERWRITTEN'")
    raise RuntimeError("simulated failure half way through migration 0002")


def downgrade() -> None:
    raise AssertionError("never applied")
