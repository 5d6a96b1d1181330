"""Possible duplicates while typing a new nominal (the record screen's check)."""

from rocta_desktop.services import registers


def _nominal(ws, surname, forenames, dob, aliases=()):
    with ws.operation("create") as uow:
        return registers.create_nominal(uow, {"surname": surname, "forenames": forenames, "date_of_birth": dob,
                                              "marking": "OFFICIAL", "aliases": list(aliases)})


def test_possible_duplicates_found_and_explained(workspace):
    jan = _nominal(workspace, "Kowalski", "Jan", "1990-03-07", aliases=["Janek"])
    _nominal(workspace, "Kowalczyk", "Anna", "1971-11-30")
    _nominal(workspace, "Nowak", "Piotr", "1990-03-07")
    with workspace.reader() as s:
        hits = registers.possible_duplicates(s, {"surname": "Kowalsky", "forenames": "Jan",
                                                 "date_of_birth": "1990-07-03"})
        assert [h["reference"] for h in hits] == [jan.reference]
        assert "date of birth with day and month swapped" in hits[0]["reasons"]
        by_alias = registers.possible_duplicates(s, {"surname": "Janek", "date_of_birth": "1990-03-07"})
        assert by_alias and by_alias[0]["reference"] == jan.reference
        assert registers.possible_duplicates(s, {"surname": "Kowalski", "forenames": "Jan",
                                                 "date_of_birth": "1990-03-07"}, exclude_id=jan.id) == []
        assert registers.possible_duplicates(s, {"surname": "Zielinski", "forenames": "Jan",
                                                 "date_of_birth": "1990-03-07"}) == []
        assert registers.possible_duplicates(s, {"surname": ""}) == []
