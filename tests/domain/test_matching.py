import datetime as dt

from rocta_desktop.domain.matching import PersonKey, jaro_winkler, match


def test_jaro_winkler_reference_values():
    # classic published examples
    assert round(jaro_winkler("martha", "marhta"), 3) == 0.961
    assert round(jaro_winkler("dwayne", "duane"), 2) == 0.84
    assert jaro_winkler("abc", "abc") == 1.0 and jaro_winkler("", "abc") == 0.0


D = dt.date(1990, 3, 7)


def test_identical_person_scores_high_with_reasons():
    m = match(PersonKey("Kowalski", "Jan", D), PersonKey("KOWALSKI", "Jan", D))
    assert m.score == 100
    assert m.reasons == ["surname identical", "forenames identical", "date of birth identical"]


def test_spelling_variant_and_swapped_dob():
    m = match(PersonKey("Kowalsky", "Jan", dt.date(1990, 7, 3)), PersonKey("Kowalski", "Jan", D))
    assert 60 <= m.score < 100
    assert "date of birth with day and month swapped" in m.reasons
    assert any(r.startswith("surname similar") for r in m.reasons)


def test_alias_and_swapped_names():
    m = match(PersonKey("Ghost", "", D), PersonKey("Smith", "John", D, aliases=("Ghost",)))
    assert "name matches the alias 'Ghost'" in m.reasons and m.score >= 60
    m = match(PersonKey("John", "Smith", D), PersonKey("Smith", "John", D))
    assert "forenames and surname swapped" in m.reasons


def test_different_people_do_not_match():
    assert match(PersonKey("Kowalski", "Jan", D), PersonKey("Nowak", "Jan", D)).score == 0
    far = match(PersonKey("Smith", "John", dt.date(1960, 1, 1)), PersonKey("Smith", "John", D))
    assert far.score < 60 and "date of birth differs" in far.reasons


def test_accents_do_not_hide_a_match():
    m = match(PersonKey("Wróblewski", "Paweł", D), PersonKey("Wroblewski", "Pawel", D))
    assert m.score >= 90
