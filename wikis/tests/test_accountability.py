"""The decision, misuse, trust and clock settings: defaults, older revisions, validation."""

from datetime import UTC, datetime, timedelta

import pytest

from wikis import accountability
from wikis.defaults import DECISION_ACTIONS, default_config
from wikis.models import ConfigRevision, Wiki
from wikis.validation import validate_config


def test_the_default_actions_are_the_issues_list_in_order():
    keys = [entry["key"] for entry in accountability.actions(default_config("x"))]
    assert keys == DECISION_ACTIONS
    assert keys[0] == "no-action" and "global-lock" in keys and keys[-1] == "referred"
    assert not any(e["notify_reported_user"] for e in accountability.actions(default_config()))


def test_grounds_include_not_a_violation_and_ucoc_links():
    grounds = {entry["key"]: entry for entry in accountability.grounds(default_config())}
    assert accountability.NOT_A_VIOLATION in grounds
    assert grounds["ucoc-3.1"]["url"].startswith("https://meta.wikimedia.org/")
    assert "harassment" in grounds["ucoc-3.1"]["label"]


@pytest.mark.django_db
def test_a_revision_saved_before_the_sections_existed_reads_their_defaults():
    wiki = Wiki.objects.create(slug="oldwiki")
    old = default_config("oldwiki")
    for name in ("decisions", "misuse", "trusted_flaggers", "response_times"):
        del old[name]
    del old["rate_limits"]["emergency_per_day"]
    ConfigRevision.objects.create(wiki=wiki, data=old)
    config = wiki.config
    assert accountability.misuse(config) == {
        "manifestly_unfounded_limit": 3,
        "period_days": 90,
        "suspension_days": 14,
    }
    assert accountability.appeal_window_months(config) == 6
    assert validate_config(old, check_titles=False).ok


def test_a_wiki_label_wins_over_the_built_in_one():
    config = default_config()
    config["decisions"]["actions"][1]["label"] = {"en": "Formal caution"}
    assert accountability.action_label(config, "warning") == "Formal caution"
    assert accountability.action_label(config, "sitewide-block") == "Sitewide block"


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("decisions", "appeal_window_months"), 0),
        (("misuse", "manifestly_unfounded_limit"), 0),
        (("rate_limits", "emergency_per_day"), 0),
        (("response_times", "first_response_hours"), 0),
        (("decisions", "reported_user_notices", "channel"), "carrier-pigeon"),
        (("trusted_flaggers", "groups"), ["Not A Group!"]),
    ],
)
def test_bad_values_are_refused_at_their_field(path, value):
    config = default_config()
    node = config
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    result = validate_config(config, check_titles=False)
    assert not result.ok
    assert any(error.path[: len(path)] == path for error in result.errors)


def test_appeal_deadline_adds_calendar_months():
    at = datetime(2026, 8, 31, 12, 0, tzinfo=UTC)
    assert accountability.add_months(at, 6) == datetime(2027, 2, 28, 12, 0, tzinfo=UTC)
    assert accountability.add_months(at, 18) == datetime(2028, 2, 29, 12, 0, tzinfo=UTC)
    assert accountability.add_months(datetime(2026, 1, 15, tzinfo=UTC), 12).year == 2027


def test_trusted_flaggers_by_account_group_or_operator_list(settings):
    config = default_config()
    config["trusted_flaggers"] = {"accounts": ["Flagger"], "groups": ["checkuser"]}
    assert accountability.is_trusted_flagger(config, "flagger", [])
    assert accountability.is_trusted_flagger(config, "Someone", ["user", "checkuser"])
    assert not accountability.is_trusted_flagger(config, "Someone", ["user", "sysop"])
    settings.IRS_TRUSTED_FLAGGERS = ["Globalbody"]
    assert accountability.is_trusted_flagger(config, "GlobalBody", [])
    assert not accountability.is_trusted_flagger(config, "", ["checkuser"])


def test_response_targets_per_flow_and_type():
    config = default_config()
    config["response_times"]["types"] = [
        {"type": "doxing", "first_response_hours": 4, "decision_hours": 24}
    ]
    emergency = accountability.response_targets(config, emergency=True)
    assert emergency["first_response"] == timedelta(hours=3)
    doxing = accountability.response_targets(config, emergency=False, type_key="doxing")
    assert doxing == {"first_response": timedelta(hours=4), "decision": timedelta(hours=24)}
    spam = accountability.response_targets(config, emergency=False, type_key="spam")
    assert spam["first_response"] == timedelta(days=3)
