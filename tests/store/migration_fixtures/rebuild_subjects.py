"""Test-only: rebuild the parents of every ON DELETE CASCADE child through batch mode.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

KINDS = "kind IN ('subject', 'group', 'nominal', 'vulnerability')"


def upgrade() -> None:
    with op.batch_alter_table("subjects", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("review_due", sa.String(length=32), nullable=True))
        batch_op.alter_column("description", existing_type=sa.Text(), type_=sa.String(length=20000),
                              existing_nullable=True)
        batch_op.create_check_constraint(batch_op.f("ck_subjects_kind_known"), sa.text(KINDS))
    with op.batch_alter_table("groups", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("rank", sa.Integer(), nullable=True))
    with op.batch_alter_table("nominals", recreate="always") as batch_op:
        batch_op.alter_column("nationality", existing_type=sa.String(length=80), type_=sa.String(length=120),
                              existing_nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("nominals", recreate="always") as batch_op:
        batch_op.alter_column("nationality", existing_type=sa.String(length=120), type_=sa.String(length=80),
                              existing_nullable=True)
    with op.batch_alter_table("groups", recreate="always") as batch_op:
        batch_op.drop_column("rank")
    with op.batch_alter_table("subjects", recreate="always") as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_subjects_kind_known"), type_="check")
        batch_op.alter_column("description", existing_type=sa.String(length=20000), type_=sa.Text(),
                              existing_nullable=True)
        batch_op.drop_column("review_due")
