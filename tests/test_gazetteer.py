"""The offline gazetteer: cities found without a network, whatever the case and diacritics."""

from __future__ import annotations

import socket

import pytest

from facilitation.domain import gazetteer


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test: the gazetteer is offline."""
    def refuse(*args, **kwargs):
        raise AssertionError("the gazetteer tried to use the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize("typed", ["Gdańsk", "Gdansk", "GDANSK", "  gdańsk ", "Danzig"])
def test_a_city_is_found_whatever_the_case_and_diacritics(typed):
    place = gazetteer.lookup(typed)
    assert place is not None and place.name == "Gdańsk" and place.country_code == "PL"
    assert place.country == "Poland" and abs(place.lat - 54.35) < 0.05 and abs(place.lon - 18.65) < 0.05
    assert place.population > 400_000


def test_letters_without_a_decomposition_fold_too():
    assert gazetteer.fold("Łódź") == "lodz" and gazetteer.fold("Straße ") == "strasse"
    assert gazetteer.lookup("Lodz").name == "Łódź"
    assert gazetteer.lookup("Warszawa").name == "Warsaw"  # a local name of a big city


def test_the_country_narrows_a_name_down_and_the_most_populous_wins_otherwise():
    assert gazetteer.lookup("Paris").country_code == "FR"
    assert gazetteer.lookup("Paris", "United States").country_code == "US"
    assert gazetteer.lookup("Paris", "US").country_code == "US"
    assert gazetteer.lookup("Paris", "Poland") is None
    assert gazetteer.lookup("Paris", "Narnia").country_code == "FR"  # an unknown country does not filter


@pytest.mark.parametrize("typed", ["", "   ", "Atlantis-on-Sea", "x" * 500])
def test_unknown_cities_are_none(typed):
    assert gazetteer.lookup(typed) is None


def test_suggestions_start_with_the_prefix_biggest_first():
    found = gazetteer.suggest("gda")
    assert found and found[0].name == "Gdańsk"
    assert all(gazetteer.fold(p.name).startswith("gda") for p in found)
    populations = [p.population for p in found]
    assert populations == sorted(populations, reverse=True)
    assert len(gazetteer.suggest("a", limit=5)) == 5
    assert gazetteer.suggest("") == [] and gazetteer.suggest("gda", limit=0) == []
    assert gazetteer.suggest("zzzzqqq") == []


def test_countries_by_name_and_code():
    names = gazetteer.country_names()
    assert "Poland" in names and names == sorted(names) and len(names) > 200
    assert gazetteer.find_country("pl") == ("PL", "Poland") == gazetteer.find_country("POL")
    assert gazetteer.find_country("poland") == ("PL", "Poland")
    assert gazetteer.find_country("") is None and gazetteer.find_country("Narnia") is None
