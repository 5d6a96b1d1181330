import datetime as dt

import pytest

from rocta_desktop.domain.errors import ValidationError
from rocta_desktop.domain.markings import Marking, highest
from rocta_desktop.domain.subjects import (
    SubjectKind,
    SubjectStatus,
    check_status_change,
    format_reference,
    normalise_name,
    parse_reference,
    validate_group,
    validate_identifier,
    validate_nominal,
)
from rocta_desktop.domain.users import check_password_policy, normalise_username, password_strength


def test_marking_order_and_highest():
    assert Marking.OFFICIAL < Marking.OFFICIAL_SENSITIVE < Marking.SECRET
    assert highest([Marking.OFFICIAL, Marking.SECRET, Marking.OFFICIAL_SENSITIVE]) is Marking.SECRET
    assert highest([]) is Marking.OFFICIAL
    assert Marking.parse("official sensitive") is Marking.OFFICIAL_SENSITIVE
    with pytest.raises(ValueError, match="unknown protective marking 'TOP SECRET'"):
        Marking.parse("TOP SECRET")


def test_references_round_trip_and_widen():
    assert format_reference(SubjectKind.GROUP, 2026, 1) == "OCG-2026-0001"
    assert format_reference(SubjectKind.NOMINAL, 2026, 123456) == "NOM-2026-123456"
    assert parse_reference("nom-2026-123456") == (SubjectKind.NOMINAL, 2026, 123456)
    with pytest.raises(ValueError):
        parse_reference("OCG-26-1")


def test_normalise_name_folds_case_accents_and_punctuation():
    assert normalise_name("  ŁUKASZ   Kowalczyk-Nowak ") == "lukasz kowalczyk nowak"  # Ł has no accent to strip
    assert normalise_name("Zoë Ñúñez") == "zoe nunez"
    assert normalise_name("José O'Neil") == "jose oneil"


def test_nominal_validation_names_every_field():
    with pytest.raises(ValidationError) as exc:
        validate_nominal({"marking": "BOGUS", "date_of_birth": "2026-02-30", "colour": "red"}, creating=True)
    fields = {p.field for p in exc.value.problems}
    assert fields == {"marking", "date_of_birth", "colour", "surname"}
    assert "2026-02-30 is not a real date" in exc.value.for_field("date_of_birth")[0]


def test_nominal_dob_rules():
    today = dt.date(2026, 11, 25)
    with pytest.raises(ValidationError, match="in the future"):
        validate_nominal({"surname": "X", "marking": "OFFICIAL", "date_of_birth": "2027-01-01"},
                         creating=True, today=today)
    with pytest.raises(ValidationError, match="before 1900"):
        validate_nominal({"surname": "X", "marking": "OFFICIAL", "date_of_birth": "1850-01-01"},
                         creating=True, today=today)
    with pytest.raises(ValidationError, match="use DD/MM/YYYY or YYYY-MM-DD"):
        validate_nominal({"surname": "X", "marking": "OFFICIAL", "date_of_birth": "31.12.1990"},
                         creating=True, today=today)
    with pytest.raises(ValidationError, match="31/02/1990 is not a real date"):
        validate_nominal({"surname": "X", "marking": "OFFICIAL", "date_of_birth": "31/02/1990"},
                         creating=True, today=today)
    assert validate_nominal({"surname": "X", "date_of_birth": "7/3/1990"}, creating=False)["date_of_birth"] == \
        dt.date(1990, 3, 7)
    clean = validate_nominal({"surname": " Smith ", "marking": "official", "date_of_birth": "1990-12-31",
                              "aliases": "Smithy; smithy;Big S", "flags": ["Firearms", "violence"]},
                             creating=True, today=today)
    assert clean["surname"] == "Smith" and clean["marking"] is Marking.OFFICIAL
    assert clean["aliases"] == ["Smithy", "Big S"]  # duplicates folded
    assert [f.value for f in clean["flags"]] == ["firearms", "violence"]


def test_group_validation_and_partial_update():
    with pytest.raises(ValidationError) as exc:
        validate_group({"name": "", "marking": "OFFICIAL", "management_level": "galactic"}, creating=True)
    assert {p.field for p in exc.value.problems} == {"name", "management_level"}
    assert validate_group({"lro_name": "DI Example"}, creating=False) == {"lro_name": "DI Example"}
    with pytest.raises(ValidationError, match="control characters"):
        validate_group({"name": "bad\x00name"}, creating=False)


def test_identifiers():
    assert validate_identifier("PNC ID", " 04/123456k ")[1] == "04/123456K"
    with pytest.raises(ValidationError, match="not a PNC ID"):
        validate_identifier("PNC ID", "12345")


def test_status_rules():
    check_status_change(SubjectStatus.PROPOSED, SubjectStatus.ACTIVE, None)
    with pytest.raises(ValidationError, match="reason is required to archive"):
        check_status_change(SubjectStatus.ACTIVE, SubjectStatus.ARCHIVED, "  ")
    with pytest.raises(ValidationError, match="cannot go from active to proposed"):
        check_status_change(SubjectStatus.ACTIVE, SubjectStatus.PROPOSED, "x")


def test_users_rules():
    assert normalise_username(" Alice.Smith ") == "alice.smith"
    with pytest.raises(ValidationError):
        normalise_username("1abc")
    with pytest.raises(ValidationError) as exc:
        check_password_policy("alice", "alice")
    assert len(exc.value.problems) == 2
    assert password_strength("short")[1] == "too short"
    assert password_strength("Longer-Passw0rd-2026!")[0] >= 3


def test_outcomes_from_text_are_read_strictly():
    from rocta_desktop.domain.impact import OutcomeKind, parse_outcomes
    got, problems = parse_outcomes("arrests 3; cash 12000; drugs 2.5 kg cocaine")
    assert problems == [] and [(o["kind"], o["quantity"], o["unit"], o["detail"]) for o in got] == [
        (OutcomeKind.ARRESTS, 3, None, None), (OutcomeKind.CASH, 12000, None, None),
        (OutcomeKind.DRUGS, 2.5, "kg", "cocaine")]
    # the return's own wording reads back; spellings of a unit are stored as one unit
    got, problems = parse_outcomes("Arrests 3; Drugs seized 500 grams (heroin); Cash seized (£) £12,000.50\n"
                                   "Firearms 1 (handgun); safeguarding referral: 2")
    assert problems == [] and [(o["kind"].value, o["quantity"], o["unit"], o["detail"]) for o in got] == [
        ("arrests", 3, None, None), ("drugs", 500, "g", "heroin"), ("cash", 12000.5, None, None),
        ("firearms", 1, None, "handgun"), ("safeguarding", 2, None, None)]
    assert parse_outcomes("") == ([], []) and parse_outcomes(None) == ([], [])
    got, problems = parse_outcomes("arests 3; arrests; arrests 2.5; drugs 2; drugs 2 cocaine; "
                                   "arrests 3 cash 100; charges 2 people; arrests £3; cash 10")
    assert [o["kind"].value for o in got] == ["cash"]  # the one good part
    assert len(problems) == 8
    for fragment in ("'arests 3': 'arests' is not an outcome", "'arrests': give the number",
                     "'arrests 2.5': arrests are counted in whole numbers", "'drugs 2': give the unit",
                     "'drugs 2 cocaine': 'cocaine' is not a unit", "'arrests 3 cash 100': looks like more than one",
                     "'charges 2 people': unexpected 'people'", "'arrests £3': only cash and assets are in pounds"):
        assert any(p.startswith(fragment) for p in problems), (fragment, problems)


def test_quantities_are_written_exactly_and_read_back():
    from rocta_desktop.domain.impact import format_quantity, parse_outcomes
    assert [format_quantity(q) for q in (3, 12000.0, 2.5, 1234567, 0.125)] == ["3", "12000", "2.5", "1234567", "0.125"]
    text = f"cash {format_quantity(1234567.0)}; drugs {format_quantity(2.25)} kg"
    outcomes, problems = parse_outcomes(text)
    assert problems == [] and [o["quantity"] for o in outcomes] == [1234567, 2.25]
