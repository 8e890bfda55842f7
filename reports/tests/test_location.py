import pytest

from reports.location import (
    Location,
    LocationError,
    page_url,
    parse_location,
    revision_url,
    user_url,
)
from wikis.defaults import default_config

CONFIG = default_config("x")
CONFIG["wiki"]["base_url"] = "https://wiki.example.org"


def test_it_reads_every_part_of_the_link():
    location = parse_location(
        {
            "page": "Talk:Main_Page",
            "revid": "42",
            "thread": "c-A-1",
            "user": "Bob_X",
            "source": "topic",
        }
    )
    assert location == Location("Talk:Main Page", 42, "c-A-1", "Bob X", "topic")


def test_an_empty_link_is_a_report_about_nothing_in_particular():
    location = parse_location({})
    assert location.is_empty
    assert location.source == "url"


def test_it_survives_a_round_trip_through_the_session():
    location = Location("P", 1, "t", "u", "user")
    assert Location.from_dict(location.as_dict()) == location


@pytest.mark.parametrize("revid", ["abc", "1.5", "99999999999999999999", "١٢"])
def test_it_refuses_a_revision_that_is_not_a_number(revid):
    with pytest.raises(LocationError):
        parse_location({"revid": revid})


def test_page_links_are_encoded_like_mediawiki():
    assert page_url(CONFIG, "Talk:Café & co?") == (
        "https://wiki.example.org/wiki/Talk:Caf%C3%A9_%26_co%3F"
    )
    assert user_url(CONFIG, "Bob X") == "https://wiki.example.org/wiki/User:Bob_X"


def test_revision_permalinks_use_the_script_path():
    assert revision_url(CONFIG, 123) == "https://wiki.example.org/w/index.php?oldid=123"


def test_no_links_without_a_safe_base_url():
    config = default_config("x")
    assert page_url(config, "Foo") == ""
    config["wiki"]["base_url"] = "javascript:alert(1)//"
    assert page_url(config, "Foo") == ""
    assert revision_url(config, 1) == ""
