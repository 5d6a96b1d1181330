from sqlalchemy import func, select

from rocta_desktop.services import registers
from rocta_desktop.services.registers import SubjectKind
from rocta_desktop.store.models import Nominal


def test_register_rows_match_records_and_sql_counts(workspace):
    with workspace.operation("x") as uow:
        g = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL-SENSITIVE",
                                         "management_level": "regional", "nicknames": ["Dockers", "HC"]})
        a = registers.create_nominal(uow, {"surname": "Łęcki", "forenames": "Adam", "marking": "SECRET",
                                           "flags": ["firearms"], "aliases": ["Ace"]})
        b = registers.create_nominal(uow, {"surname": "Brown", "marking": "OFFICIAL"})
    with workspace.operation("x") as uow:
        registers.add_member(uow, g.id, a.id, "principal")
        registers.archive(uow, b.id, "duplicate record")
    with workspace.reader() as s:
        groups = registers.register_rows(s, SubjectKind.GROUP)
        nominals = registers.register_rows(s, SubjectKind.NOMINAL)
        everyone = registers.register_rows(s, SubjectKind.NOMINAL, include_archived=True)
        total = s.scalar(select(func.count()).select_from(Nominal))
    cols = [c.key for c in groups.columns]
    row = dict(zip(cols, groups.rows[0]))
    assert row["reference"] == g.reference and row["members"] == 1 and row["nicknames"] == "Dockers; HC"
    assert "dockers" in groups.search_text[0]
    assert nominals.ids == [a.id] and len(everyone.ids) == total == 2
    nrow = dict(zip([c.key for c in nominals.columns], nominals.rows[0]))
    assert nrow["name"] == "ŁĘCKI, Adam" and nrow["flags"] == "firearms" and nrow["groups"] == 1
    assert "lecki" in nominals.search_text[0] and "ace" in nominals.search_text[0]
    assert nominals.markings[0].value == "SECRET"
