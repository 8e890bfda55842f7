from django.utils import translation

from reports import catalog
from wikis.defaults import default_config


def config_with(**type_changes):
    config = default_config("x")
    config["wiki"]["base_url"] = "https://x.example.org"
    config["non_emergency"]["types"][0].update(type_changes)
    return config


def test_the_default_types_are_the_seven_shown_ones_in_order():
    keys = [t.key for t in catalog.offered_types(default_config("x"))]
    assert keys == [
        "intimidation",
        "sexual-harassment",
        "doxing",
        "trolling",
        "hate-or-discrimination",
        "spam",
        "something-else",
    ]


def test_a_wikis_text_wins_for_its_language_only():
    config = config_with(description={"uk": "Опис спільноти"})
    with translation.override("uk"):
        assert catalog.offered_types(config)[0].description == "Опис спільноти"
    with translation.override("pt"):
        assert catalog.offered_types(config)[0].description.startswith("Bullying, insultos")


def test_a_type_the_wiki_added_shows_its_english_label_or_its_key():
    config = default_config("x")
    config["non_emergency"]["types"].append(
        {"key": "edit-warring", "shown": True, "label": {"en": "Edit warring"}}
    )
    config["non_emergency"]["types"].append({"key": "mystery", "shown": True})
    with translation.override("pt"):
        labels = {t.key: t.label for t in catalog.offered_types(config)}
    assert labels["edit-warring"] == "Edit warring"
    assert labels["mystery"] == "mystery"


def test_links_from_configuration_are_only_web_links():
    config = config_with(
        help_methods=[
            {"kind": "community", "url": "javascript:alert(1)"},
            {"kind": "admin", "url": "https://x.example.org/wiki/Admins"},
        ],
        fallback_links=[{"label": {"en": "Bad"}, "url": "data:text/html,hi"}],
    )
    incident = catalog.offered_types(config)[0]
    assert [m.href for m in incident.help_methods] == ["https://x.example.org/wiki/Admins"]
    assert incident.fallback_links == []


def test_switching_non_emergency_off_offers_no_types():
    config = default_config("x")
    config["non_emergency"]["enabled"] = False
    assert catalog.offered_types(config) == []
    assert catalog.offered_type(config, "spam") is None


def test_emergency_resources_put_the_wikis_own_first_and_filter_by_language():
    config = default_config("x")
    config["emergency"]["resources"] = [
        {"label": {"en": "Local line"}, "url": "https://local.example.org", "country": "PT"},
        {"label": {"en": "Only Ukrainian"}, "url": "https://uk.example.org", "language": "uk"},
    ]
    with translation.override("en"):
        resources = catalog.emergency_resources(config)
    assert resources[0].label == "Local line"
    assert resources[0].detail == "PT"
    assert "https://uk.example.org" not in [r.href for r in resources]
    assert len(resources) == 1 + len(catalog.DEFAULT_EMERGENCY_RESOURCES)
