"""Test-only: foreign keys are off while migrating, so this delete orphans children silently;
`PRAGMA foreign_key_check` must catch it and the upgrade must be refused.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nominals with members and identifiers lose their row; subjects keeps its row
    op.execute("DELETE FROM nominals WHERE id IN (SELECT nominal_id FROM group_members)")


def downgrade() -> None:
    raise AssertionError("never applied")
