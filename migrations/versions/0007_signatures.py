"""Signed audit trail and account certificates.

Each person has an Ed25519 signing key (its private half wrapped in their key slot). Every audit
event now records the role and permissions it relied on and is signed by its actor's key; every
change to an account's role, state or key carries a certificate signed by an administrator (or, for a
key rotation, by the account's previous key). Audit events and certificates become append-only.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

from rocta_desktop.store import ddl

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

TRIGGERS = {
    "trg_audit_events_no_update": """
        CREATE TRIGGER trg_audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: an event cannot be changed'); END""",
    "trg_audit_events_no_delete": """
        CREATE TRIGGER trg_audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: an event cannot be removed'); END""",
    "trg_user_certificates_no_update": """
        CREATE TRIGGER trg_user_certificates_no_update BEFORE UPDATE ON user_certificates
        BEGIN SELECT RAISE(ABORT, 'certificates cannot be changed'); END""",
    "trg_user_certificates_no_delete": """
        CREATE TRIGGER trg_user_certificates_no_delete BEFORE DELETE ON user_certificates
        BEGIN SELECT RAISE(ABORT, 'certificates cannot be removed'); END""",
}
PG_GUARDS = [
    ("trg_audit_events_no_update", "audit_events", "UPDATE", "audit events are append-only: an event cannot be changed"),
    ("trg_audit_events_no_delete", "audit_events", "DELETE", "audit events are append-only: an event cannot be removed"),
    ("trg_user_certificates_no_update", "user_certificates", "UPDATE", "certificates cannot be changed"),
    ("trg_user_certificates_no_delete", "user_certificates", "DELETE", "certificates cannot be removed"),
]



def upgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('role', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('relied_on', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('key_id', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('signature', sa.String(length=100), nullable=True))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_id', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('public_key', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('cert', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('cert_sig', sa.String(length=100), nullable=True))
    op.create_table('user_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=32), nullable=False),
    sa.Column('key_id', sa.String(length=32), nullable=True),
    sa.Column('public_key', sa.String(length=60), nullable=True),
    sa.Column('issuer', sa.String(length=32), nullable=False),
    sa.Column('cert', sa.Text(), nullable=False),
    sa.Column('cert_sig', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_certificates'))
    )
    with op.batch_alter_table('user_certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_certificates_key_id'), ['key_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_certificates_user_id'), ['user_id'], unique=False)
    ddl.create_guards(op, TRIGGERS, PG_GUARDS)


def downgrade() -> None:
    ddl.drop_guards(op, TRIGGERS, PG_GUARDS)
    with op.batch_alter_table('user_certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_certificates_user_id'))
        batch_op.drop_index(batch_op.f('ix_user_certificates_key_id'))
    op.drop_table('user_certificates')
    with op.batch_alter_table('users', schema=None) as batch_op:
        for column in ('cert_sig', 'cert', 'public_key', 'key_id'):
            batch_op.drop_column(column)
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        for column in ('signature', 'key_id', 'relied_on', 'role', 'version'):
            batch_op.drop_column(column)
