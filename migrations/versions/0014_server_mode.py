"""The regional server mode: the key file kept by the server, and need to know in the server's
database itself (PostgreSQL row-level security).

`server_key_file` holds a server workspace's key file (one row), so any of its computers signs in
with the server's address alone; it exists, empty, on a terminal too (one schema for both).

On a server workspace each person connects as their own role (services/server.py); these policies
make PostgreSQL hide what the services hide, so a direct `psql` session shows a person no row above
their clearance and no restricted record they were not granted. The rules are those of
services/access.py: a record's own marking against the person's clearance (users.clearance of the
role signed in, `session_user`, which SET ROLE cannot change), restrictions not granted to the person
or their teams, and children following their parents. The helper functions run as the schema's owner
(SECURITY DEFINER) so they read what they need whoever calls them; the lists they return are
computed once per statement (hashed sub-plans), not per row.

The schema's owner is not subject to these policies (PostgreSQL exempts a table's owner): it is the
server's own trusted role. Nothing changes on a terminal's SQLite file (no row-level security there;
its file is encrypted and opened by one person at a time).

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

from rocta_desktop.store import ddl

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

RANKS = {"OFFICIAL": 1, "OFFICIAL-SENSITIVE": 2, "SECRET": 3}

FUNCTIONS = [
    """CREATE OR REPLACE FUNCTION rocta_user_id() RETURNS integer LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = public AS $$
        SELECT id FROM users WHERE username = session_user AND active $$""",
    f"""CREATE OR REPLACE FUNCTION rocta_markings() RETURNS SETOF text LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = public AS $$
        SELECT m.marking FROM (VALUES {", ".join(f"('{m}', {r})" for m, r in RANKS.items())}) AS m(marking, rank)
        WHERE m.rank <= coalesce((SELECT CASE u.clearance {" ".join(f"WHEN '{m}' THEN {r}" for m, r in RANKS.items())}
                                  END FROM users u WHERE u.username = session_user AND u.active), 0) $$""",
    """CREATE OR REPLACE FUNCTION rocta_hidden(kind text) RETURNS SETOF integer LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = public AS $$
        SELECT r.entity_id FROM restrictions r WHERE r.entity_type = kind AND NOT EXISTS (
            SELECT 1 FROM restriction_grants g WHERE g.restriction_id = r.id AND (g.user_id = rocta_user_id()
                OR g.team_id IN (SELECT t.team_id FROM team_members t WHERE t.user_id = rocta_user_id()))) $$""",
    # "N not shown" (where the region's policy shows it): how many records of a kind exist, which a
    # person's own count (under these policies) cannot give
    """CREATE OR REPLACE FUNCTION rocta_count(kind text, subject_kind text) RETURNS bigint LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = public AS $$
        SELECT CASE kind
            WHEN 'subject' THEN (SELECT count(*) FROM subjects s WHERE subject_kind IS NULL OR s.kind = subject_kind)
            WHEN 'assessment' THEN (SELECT count(*) FROM assessments)
            WHEN 'trigger' THEN (SELECT count(*) FROM trigger_reports)
            WHEN 'requirement' THEN (SELECT count(*) FROM intel_requirements)
            WHEN 'disruption' THEN (SELECT count(*) FROM disruptions) END
        WHERE coalesce((SELECT value FROM workspace_meta WHERE key = 'access.show_hidden_counts'), 'yes') <> 'no'
              AND rocta_user_id() IS NOT NULL $$""",
    # a saved chart layout's name is the subject's, whoever may see it: taken or not (and nothing more)
    """CREATE OR REPLACE FUNCTION rocta_layout_taken(subject integer, layout_name text) RETURNS boolean LANGUAGE sql
        STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT EXISTS (SELECT 1 FROM chart_layouts WHERE subject_id = subject AND lower(name) = lower(layout_name))
        AND rocta_user_id() IS NOT NULL $$""",
    # whether a restriction is granted to the person (or a team of theirs): only they may change or lift it
    """CREATE OR REPLACE FUNCTION rocta_granted(restriction integer) RETURNS boolean LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = public AS $$
        SELECT EXISTS (SELECT 1 FROM restriction_grants g WHERE g.restriction_id = restriction
            AND (g.user_id = rocta_user_id()
                 OR g.team_id IN (SELECT t.team_id FROM team_members t WHERE t.user_id = rocta_user_id()))) $$""",
    """CREATE OR REPLACE FUNCTION rocta_restricted_by_me(restriction integer) RETURNS boolean LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = public AS $$
        SELECT EXISTS (SELECT 1 FROM restrictions r WHERE r.id = restriction AND r.created_by_id = rocta_user_id()) $$""",
    """CREATE OR REPLACE FUNCTION rocta_hidden_subjects() RETURNS SETOF integer LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = public AS $$
        SELECT s.id FROM subjects s WHERE s.marking NOT IN (SELECT rocta_markings())
        UNION SELECT rocta_hidden('subject') $$""",
]


def _marked(kind: str | None = None) -> str:
    rule = "marking IN (SELECT rocta_markings())"
    return rule + (f" AND id NOT IN (SELECT rocta_hidden('{kind}'))" if kind else "")


def _subject(column: str, *, nullable: bool = False) -> str:
    rule = f"{column} NOT IN (SELECT rocta_hidden_subjects())"
    return f"({column} IS NULL OR {rule})" if nullable else rule


def _parent(column: str, table: str) -> str:
    return f"{column} IN (SELECT id FROM {table})"  # the parent's own policy applies inside


RULES = {
    "subjects": _marked("subject"),
    "groups": _subject("id"),
    "nominals": _subject("id"),
    "vulnerabilities": _subject("id"),
    "subject_aliases": _subject("subject_id"),
    "nominal_identifiers": _subject("nominal_id"),
    "group_crime_types": _subject("group_id"),
    "group_reach": _subject("group_id"),
    "group_members": f"{_subject('group_id')} AND {_subject('nominal_id')}",
    "group_links": f"{_subject('group_a_id')} AND {_subject('group_b_id')}",
    "nominal_associations": f"{_subject('nominal_a_id')} AND {_subject('nominal_b_id')}",
    "vulnerability_links": f"{_marked()} AND {_subject('vulnerability_id')} AND {_subject('exploiter_id')}",
    "assessments": f"{_marked('assessment')} AND {_subject('subject_id')}",
    "trigger_reports": f"{_marked('trigger')} AND {_subject('subject_id', nullable=True)}",
    "intel_requirements": _marked("requirement"),
    "requirement_responses": f"{_marked()} AND {_parent('requirement_id', 'intel_requirements')}",
    "requirement_subjects": f"{_parent('requirement_id', 'intel_requirements')} AND {_subject('subject_id')}",
    "requirement_agencies": _parent("requirement_id", "intel_requirements"),
    "disruptions": f"{_marked('disruption')} AND {_subject('subject_id')}",
    "disruption_agencies": _parent("disruption_id", "disruptions"),
    "disruption_outcomes": _parent("disruption_id", "disruptions"),
    "best_practice": f"{_marked()} AND {_subject('subject_id', nullable=True)}",
    "tasking_requests": f"{_marked()} AND {_subject('subject_id')}",
    "tcg_meetings": _marked(),
    "tcg_decisions": f"{_parent('request_id', 'tasking_requests')} AND {_parent('meeting_id', 'tcg_meetings')}",
    "tcg_actions": _parent("meeting_id", "tcg_meetings"),
    "fourp_plans": f"{_marked()} AND {_subject('subject_id')}",
    "fourp_actions": _parent("plan_id", "fourp_plans"),
    "chart_layouts": f"{_marked()} AND {_subject('subject_id')}",
    "calibration_exercises": f"{_marked()} AND {_subject('subject_id', nullable=True)}",
    "calibration_answers": _parent("exercise_id", "calibration_exercises"),
    "management_level_decisions": _subject("subject_id"),
}


# The references of the records a person may not see, for the application to keep them out of audit
# text it shows them (services/access.hidden_references): references only, never content (the
# numbering is sequential, so which numbers exist is no secret; counts are shown where policy allows).
REFERENCED = ("subjects", "assessments", "trigger_reports", "intel_requirements", "disruptions", "tasking_requests",
              "tcg_meetings")


def _hidden_references() -> str:
    union = " UNION ALL ".join(f"SELECT reference FROM {t} WHERE NOT ({RULES[t]})" for t in REFERENCED)
    return f"""CREATE OR REPLACE FUNCTION rocta_hidden_references() RETURNS SETOF text LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = public AS $$ {union} $$"""


# Restrictions themselves: everyone reads them (the application works out what each person may not
# see from them), anyone may restrict a record, but only those granted a restriction change or lift
# it, or add to whom it is granted (the person restricting a record grants it as they make it).
RESTRICTION_POLICIES = [
    ("restrictions", "rocta_read", "SELECT", "USING (true)"),
    ("restrictions", "rocta_make", "INSERT", "WITH CHECK (created_by_id = rocta_user_id())"),
    ("restrictions", "rocta_change", "UPDATE", "USING (rocta_granted(id)) WITH CHECK (rocta_granted(id))"),
    ("restrictions", "rocta_lift", "DELETE", "USING (rocta_granted(id))"),
    ("restriction_grants", "rocta_read", "SELECT", "USING (true)"),
    ("restriction_grants", "rocta_grant", "INSERT",
     "WITH CHECK (rocta_granted(restriction_id) OR rocta_restricted_by_me(restriction_id))"),
    ("restriction_grants", "rocta_change", "UPDATE",
     "USING (rocta_granted(restriction_id)) WITH CHECK (rocta_granted(restriction_id))"),
    ("restriction_grants", "rocta_revoke", "DELETE", "USING (rocta_granted(restriction_id))"),
]


def upgrade() -> None:
    op.create_table('server_key_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_server_key_file'))
    )
    if not ddl.is_postgresql(op):
        return
    for sql in FUNCTIONS:
        op.execute(sql)
    op.execute(_hidden_references())
    for table, rule in RULES.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        # one permissive policy for every command: rows outside it cannot be read, changed or
        # deleted; what is inserted is the services' business (and must be readable to be returned)
        op.execute(f"CREATE POLICY rocta_need_to_know ON {table} FOR ALL USING ({rule}) WITH CHECK (true)")
    for table in ("restrictions", "restriction_grants"):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    for table, name, command, rule in RESTRICTION_POLICIES:
        op.execute(f"CREATE POLICY {name} ON {table} FOR {command} {rule}")


def downgrade() -> None:
    if not ddl.is_postgresql(op):
        op.drop_table('server_key_file')
        return
    for table in RULES:
        op.execute(f"DROP POLICY IF EXISTS rocta_need_to_know ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for table, name, *_ in RESTRICTION_POLICIES:
        op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
    for table in ("restrictions", "restriction_grants"):
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for name in ("rocta_granted(integer)", "rocta_restricted_by_me(integer)", "rocta_layout_taken(integer, text)", "rocta_hidden_references()", "rocta_count(text, text)", "rocta_hidden_subjects()", "rocta_hidden(text)", "rocta_markings()",
                 "rocta_user_id()"):
        op.execute(f"DROP FUNCTION IF EXISTS {name}")
    op.drop_table('server_key_file')
