import pytest

from wikis.defaults import default_config


@pytest.fixture
def config():
    """A valid configuration to break in one place per test."""
    data = default_config("testwiki")
    data["wiki"].update(
        {
            "name": "Test Wiki",
            "base_url": "https://test.example.org",
            "api_url": "https://test.example.org/w/api.php",
        }
    )
    return data


@pytest.fixture
def other_wiki(db):
    from irs import demo

    return demo.ensure_wiki("otherwiki", name="Other Wiki")


def type_entry(config, key):
    return next(entry for entry in config["non_emergency"]["types"] if entry["key"] == key)
