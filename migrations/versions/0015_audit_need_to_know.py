"""Need to know in the audit trail of a server workspace (PostgreSQL row-level security).

An audit event says what changed, before and after: an event about a record a person may not see
would tell them its content. On a server workspace, where each person connects as their own role, a
direct `psql` session must not read it either. The policy hides an event whose record exists and is
hidden from the person by the rules of migration 0014 (marking above their clearance, a restriction
not granted to them, or a parent they may not see); events about no record (sign-ins, accounts,
reference data) and about records since deleted stay visible, as the application shows them
(services/access.events_seen).

The trail stays one chain whoever writes it: appending needs the newest event's hash, which the
writer may not be allowed to read, so `rocta_chain_head()` (run as the schema's owner) gives the
newest event's number and hash, and nothing else. `rocta_chain_links(after, n)` gives every event's
chain fields without its summary and changes, so `rocta verify` by anyone checks the whole chain:
the content of each event they may read, and the links and signatures of the others.

Nothing changes on a terminal's SQLite file.

Revision ID: 0015
Revises: 0014
"""
import importlib.util
from pathlib import Path

from alembic import op

from rocta_desktop.store import ddl

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def _rules() -> dict[str, str]:
    """Migration 0014's rule for each table (a table's rows a person may see)."""
    spec = importlib.util.spec_from_file_location("rocta_0014", Path(__file__).with_name("0014_server_mode.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.RULES


# an audit event's entity_type -> the table of its record (services/access._ENTITY_MODELS)
TABLES = {
    "assessment": "assessments", "trigger": "trigger_reports", "requirement": "intel_requirements",
    "disruption": "disruptions", "tasking": "tasking_requests", "tcg_meeting": "tcg_meetings",
    "plan": "fourp_plans", "vulnerability_link": "vulnerability_links", "chart_layout": "chart_layouts",
    "calibration": "calibration_exercises", "management_level": "management_level_decisions",
}


def _hidden_keys(rules: dict[str, str]) -> str:
    """'kind:id' of every record hidden from the person signed in. Computed by the owner, where no
    row-level security applies, so each rule is spelt out (a parent's rule, not the parent's policy)."""
    parts = ["SELECT kind || ':' || id FROM subjects WHERE NOT (" + rules["subjects"] + ")",
             "SELECT 'subject:' || id FROM subjects WHERE NOT (" + rules["subjects"] + ")"]
    parts += [f"SELECT '{kind}:' || id FROM {table} WHERE NOT ({rules[table]})" for kind, table in TABLES.items()]
    # an answer follows its exercise (its own rule names the exercise's policy, which the owner skips)
    parts.append("SELECT 'calibration_answer:' || a.id FROM calibration_answers a WHERE a.exercise_id IN ("
                 f"SELECT id FROM calibration_exercises WHERE NOT ({rules['calibration_exercises']}))")
    return f"""CREATE OR REPLACE FUNCTION rocta_hidden_keys() RETURNS SETOF text LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = public AS $$ {" UNION ALL ".join(parts)} $$"""


FUNCTIONS = [
    """CREATE OR REPLACE FUNCTION rocta_chain_head(OUT id integer, OUT hash text) LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = public AS $$
        SELECT e.id, e.hash::text FROM audit_events e ORDER BY e.id DESC LIMIT 1 $$""",
    """CREATE OR REPLACE FUNCTION rocta_chain_links(after integer, n integer) RETURNS TABLE (
            id integer, at text, user_id integer, username text, action text, entity_type text,
            entity_id integer, entity_ref text, prev_hash text, hash text, version integer, role text,
            relied_on text, key_id text, signature text)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT e.id, e.at::text, e.user_id, e.username::text, e.action::text, e.entity_type::text, e.entity_id,
               e.entity_ref::text, e.prev_hash::text, e.hash::text, e.version, e.role::text, e.relied_on::text,
               e.key_id::text, e.signature::text
        FROM audit_events e WHERE e.id > after AND rocta_user_id() IS NOT NULL ORDER BY e.id LIMIT n $$""",
]

POLICY = ("entity_id IS NULL OR (entity_type || ':' || entity_id) NOT IN (SELECT rocta_hidden_keys())")


def upgrade() -> None:
    if not ddl.is_postgresql(op):
        return
    op.execute(_hidden_keys(_rules()))
    for sql in FUNCTIONS:
        op.execute(sql)
    op.execute("ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY rocta_read ON audit_events FOR SELECT USING ({POLICY})")
    # an event is recorded by the person signed in (services/audit.record), never in another's name
    op.execute("CREATE POLICY rocta_append ON audit_events FOR INSERT WITH CHECK (username = session_user)")
    # changing or removing an event is refused by the append-only guards (migration 0007): these let
    # an attempt reach them, so it fails loudly instead of quietly matching no row
    for name, command in (("rocta_guarded_update", "UPDATE"), ("rocta_guarded_delete", "DELETE")):
        op.execute(f"CREATE POLICY {name} ON audit_events FOR {command} USING (true)")


def downgrade() -> None:
    if not ddl.is_postgresql(op):
        return
    for name in ("rocta_read", "rocta_append", "rocta_guarded_update", "rocta_guarded_delete"):
        op.execute(f"DROP POLICY IF EXISTS {name} ON audit_events")
    op.execute("ALTER TABLE audit_events DISABLE ROW LEVEL SECURITY")
    for name in ("rocta_chain_links(integer, integer)", "rocta_chain_head()", "rocta_hidden_keys()"):
        op.execute(f"DROP FUNCTION IF EXISTS {name}")
