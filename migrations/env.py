"""Alembic environment. ROCTA always runs migrations on a connection it opened itself (the
database is encrypted, so there is no URL to give Alembic): see rocta_desktop/store/migrate.py."""

from alembic import context

from rocta_desktop.store.models import metadata


def _render_item(type_, obj, autogen_context):
    """Render ROCTA's column types as the plain SQL types they store, so a migration never
    imports application code (it must keep working after that code changes)."""
    from rocta_desktop.store.models.base import EnumText, UTCDateTime
    if type_ == "type" and isinstance(obj, (EnumText, UTCDateTime)):
        return f"sa.String(length={obj.impl.length})"
    return False


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through rocta_desktop.store.migrate, which opens the encrypted database")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,           # SQLite: ALTER through table rebuild (foreign keys are off meanwhile)
    transaction_per_migration=False,  # one transaction for the whole upgrade, owned by the caller
    compare_type=True,
    render_item=_render_item,
)
with context.begin_transaction():
    context.run_migrations()
