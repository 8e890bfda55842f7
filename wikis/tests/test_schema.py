import copy
import json

import pytest

from wikis.defaults import NON_EMERGENCY_TYPES, default_config
from wikis.schema import load_schema
from wikis.schema_labels import SCHEMA_TEXTS
from wikis.tests.conftest import type_entry
from wikis.validation import validate_config


def codes_at(result):
    return {(error.pointer, error.code) for error in result.errors}


def test_the_defaults_are_valid():
    result = validate_config(default_config("somewiki"), check_titles=False)
    assert result.errors == []


def test_the_demo_wiki_configuration_is_valid(wiki):
    assert validate_config(wiki.config, check_titles=False).errors == []


def test_the_schemas_default_keywords_match_wikis_defaults():
    defaults = default_config("x")
    checked = 0

    def walk(node, value, path):
        nonlocal checked
        if "default" in node:
            assert node["default"] == value, path
            checked += 1
        for name, child in node.get("properties", {}).items():
            if isinstance(value, dict) and name in value:
                walk(child, value[name], path + [name])

    walk(load_schema(), defaults, [])
    assert checked >= 15


def test_every_schema_title_has_a_translatable_text():
    schema = load_schema()
    texts = set()

    def walk(node):
        if isinstance(node, dict):
            for key in ("title", "description"):
                if isinstance(node.get(key), str) and node is not schema:
                    texts.add(node[key])
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(schema)
    assert texts <= set(SCHEMA_TEXTS)


def test_the_schema_knows_exactly_the_default_type_keys():
    assert load_schema()["$defs"]["type_key"]["enum"] == [key for key, _ in NON_EMERGENCY_TYPES]


def _set(config, path, value):
    target = config
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


TYPES = ("non_emergency", "types")
TROLLING = 3  # index of "trolling" in the defaults


@pytest.mark.parametrize(
    "path, value, pointer, code",
    [
        (("schema_version",), 2, "/schema_version", "schema_version"),
        (("forged",), True, "/forged", "unknown_field"),
        (("wiki", "name"), "", "/wiki/name", "required"),
        (("wiki", "name"), "x" * 101, "/wiki/name", "too_long"),
        (("wiki", "base_url"), "http://en.wikipedia.org", "/wiki/base_url", "wiki_url"),
        (("wiki", "api_url"), "ftp://x.org/api.php", "/wiki/api_url", "wiki_url"),
        (("wiki", "script_path"), "w", "/wiki/script_path", "script_path"),
        (("wiki", "content_language"), "English", "/wiki/content_language", "language_code"),
        (("wiki", "time_zone"), "Mars/Olympus_Mons", "/wiki/time_zone", "time_zone"),
        (("entry_points", "namespaces"), [1, 1], "/entry_points/namespaces", "duplicate"),
        (("entry_points", "namespaces"), ["talk"], "/entry_points/namespaces/0", "type"),
        (("entry_points", "sources"), ["sidebar"], "/entry_points/sources/0", "enum"),
        (("non_emergency", "enabled"), "yes", "/non_emergency/enabled", "type"),
        (
            ("eligibility", "min_account_age_seconds"),
            -1,
            "/eligibility/min_account_age_seconds",
            "minimum",
        ),
        (("eligibility", "min_edit_count"), 1.5, "/eligibility/min_edit_count", "type"),
        (
            ("eligibility", "confirm_email_url"),
            "http://x.org/confirm",
            "/eligibility/confirm_email_url",
            "https_url",
        ),
        (("rate_limits", "new_user_per_day"), 1001, "/rate_limits/new_user_per_day", "maximum"),
        (("emergency", "response_time_hours"), 0, "/emergency/response_time_hours", "minimum"),
        (
            ("emergency", "resources"),
            [{"label": {}, "url": "https://x.org"}],
            "/emergency/resources/0/label",
            "required",
        ),
        (
            ("emergency", "resources"),
            [{"label": {"en": "Help"}, "url": "https://x.org", "country": "pt"}],
            "/emergency/resources/0/country",
            "country",
        ),
        (
            ("emergency", "resources"),
            [{"label": {"en": "Help"}}],
            "/emergency/resources/0/url",
            "required",
        ),
    ],
)
def test_it_refuses_a_bad_value_with_an_error_at_the_field(config, path, value, pointer, code):
    _set(config, path, value)
    result = validate_config(config, check_titles=False)
    assert (pointer, code) in codes_at(result), [e.as_dict() for e in result.errors]


@pytest.mark.parametrize(
    "change, pointer, code",
    [
        ({"key": "bullying"}, "/non_emergency/types/3/key", "enum"),
        ({"shown": "true"}, "/non_emergency/types/3/shown", "type"),
        ({"colour": "red"}, "/non_emergency/types/3/colour", "unknown_field"),
        ({"label": {"en": "x" * 201}}, "/non_emergency/types/3/label/en", "too_long"),
        ({"description": {"en": "x" * 2001}}, "/non_emergency/types/3/description/en", "too_long"),
        ({"label": {"<script>": "x"}}, "/non_emergency/types/3/label", "language_code"),
        ({"warning": "be careful"}, "/non_emergency/types/3/warning", "enum"),
        (
            {"help_methods": [{"kind": "phone"}]},
            "/non_emergency/types/3/help_methods/0/kind",
            "enum",
        ),
        (
            {"help_methods": [{"kind": "admin"}]},
            "/non_emergency/types/3/help_methods/0",
            "page_or_url",
        ),
        (
            {"help_methods": [{"kind": "community", "url": "http://x.org/"}]},
            "/non_emergency/types/3/help_methods/0/url",
            "https_url",
        ),
        (
            {"help_methods": [{"kind": "email"}]},
            "/non_emergency/types/3/help_methods/0/email",
            "required",
        ),
        (
            {"help_methods": [{"kind": "email", "email": "not-an-address"}]},
            "/non_emergency/types/3/help_methods/0/email",
            "email",
        ),
        (
            {"help_methods": [{"kind": "admin", "page": "A|B"}]},
            "/non_emergency/types/3/help_methods/0/page",
            "page_title",
        ),
        (
            {"help_methods": [{"kind": "admin", "url": "https://x.org/?a=&b=1"}]},
            "/non_emergency/types/3/help_methods/0/url",
            "empty_query_value",
        ),
        (
            {"help_methods": [{"kind": "admin", "url": "https://x.org/?access_token=abc"}]},
            "/non_emergency/types/3/help_methods/0/url",
            "inline_secret",
        ),
        (
            {"help_methods": [{"kind": "admin", "url": "https://me:pw@x.org/"}]},
            "/non_emergency/types/3/help_methods/0/url",
            "inline_secret",
        ),
        (
            {"fallback_links": [{"label": {"en": "Rules"}}]},
            "/non_emergency/types/3/fallback_links/0",
            "page_or_url",
        ),
        (
            {"fallback_links": [{"label": {}, "page": "Rules"}]},
            "/non_emergency/types/3/fallback_links/0/label",
            "required",
        ),
        (
            {"direct_report": {"enabled": True, "destinations": []}},
            "/non_emergency/types/3/direct_report/destinations",
            "min_items",
        ),
        (
            {"direct_report": {"enabled": False, "destinations": [{"kind": "fax"}]}},
            "/non_emergency/types/3/direct_report/destinations/0/kind",
            "enum",
        ),
        (
            {"direct_report": {"enabled": True, "destinations": [{"kind": "email", "to": []}]}},
            "/non_emergency/types/3/direct_report/destinations/0/to",
            "min_items",
        ),
        (
            {
                "direct_report": {
                    "enabled": True,
                    "destinations": [{"kind": "email", "to": ["a@b.org", "nobody"]}],
                }
            },
            "/non_emergency/types/3/direct_report/destinations/0/to/1",
            "email",
        ),
        (
            {
                "direct_report": {
                    "enabled": True,
                    "destinations": [{"kind": "email", "to": ["a@b.org"], "page": "X"}],
                }
            },
            "/non_emergency/types/3/direct_report/destinations/0/page",
            "unknown_field",
        ),
        (
            {
                "direct_report": {
                    "enabled": True,
                    "destinations": [{"kind": "webhook", "url": "http://hook.example.org/"}],
                }
            },
            "/non_emergency/types/3/direct_report/destinations/0/url",
            "https_url",
        ),
        (
            {
                "direct_report": {
                    "enabled": True,
                    "destinations": [
                        {
                            "kind": "webhook",
                            "url": "https://hook.example.org/",
                            "password": "hunter2",
                        }
                    ],
                }
            },
            "/non_emergency/types/3/direct_report/destinations/0/password",
            "inline_secret",
        ),
        (
            {
                "direct_report": {
                    "enabled": True,
                    "destinations": [
                        {"kind": "webhook", "url": "https://hook.example.org/", "token": "abc"}
                    ],
                }
            },
            "/non_emergency/types/3/direct_report/destinations/0/token",
            "inline_secret",
        ),
        (
            {
                "direct_report": {
                    "enabled": True,
                    "destinations": [
                        {
                            "kind": "webhook",
                            "url": "https://hook.example.org/",
                            "secret": "Hunter2-Is-My-Password!",
                        }
                    ],
                }
            },
            "/non_emergency/types/3/direct_report/destinations/0/secret",
            "secret_name",
        ),
        (
            {
                "direct_report": {
                    "enabled": True,
                    "destinations": [
                        {
                            "kind": "webhook",
                            "url": "https://hook.example.org/",
                            "secret": "k3j4h5k6j7h8k9j0h1k2j3h4",
                        }
                    ],
                }
            },
            "/non_emergency/types/3/direct_report/destinations/0/secret",
            "inline_secret",
        ),
        (
            {
                "direct_report": {
                    "enabled": True,
                    "destinations": [
                        {
                            "kind": "noticeboard",
                            "page": "Project:Incidents",
                            "credential": "enwiki-bot",
                        }
                    ],
                }
            },
            "/non_emergency/types/3/direct_report/destinations/0",
            "noticeboard_needs_public",
        ),
        (
            {
                "public": True,
                "direct_report": {
                    "enabled": True,
                    "destinations": [{"kind": "noticeboard", "page": "Project:Incidents"}],
                },
            },
            "/non_emergency/types/3/direct_report/destinations/0/credential",
            "required",
        ),
        (
            {
                "direct_report": {
                    "enabled": True,
                    "destinations": [{"kind": "desk", "team": "a team"}],
                }
            },
            "/non_emergency/types/3/direct_report/destinations/0/team",
            "slug",
        ),
    ],
)
def test_it_refuses_a_bad_type_setting(config, change, pointer, code):
    type_entry(config, "trolling").update(change)
    result = validate_config(config, check_titles=False)
    assert (pointer, code) in codes_at(result), [e.as_dict() for e in result.errors]


def test_each_type_may_be_listed_only_once(config):
    config["non_emergency"]["types"].append(copy.deepcopy(type_entry(config, "spam")))
    result = validate_config(config, check_titles=False)
    assert ("/non_emergency/types/12/key", "duplicate_type") in codes_at(result)


def test_a_forged_type_key_is_refused(config):
    forged = copy.deepcopy(type_entry(config, "spam"))
    forged["key"] = "__proto__"
    config["non_emergency"]["types"][5] = forged
    result = validate_config(config, check_titles=False)
    assert ("/non_emergency/types/5/key", "enum") in codes_at(result)


def test_a_configuration_that_is_not_an_object_is_refused():
    assert [e.code for e in validate_config([1, 2], check_titles=False).errors] == ["type"]


def test_a_valid_configuration_with_every_kind_of_destination_passes(config, insecure_urls):
    entry = type_entry(config, "trolling")
    entry.update(
        {
            "public": True,
            "label": {"en": "Trolling", "pt": "Trollagem", "uk": "Тролінг", "pt-br": "Trollagem"},
            "help_methods": [
                {"kind": "admin", "page": "Project:Administrators' noticeboard"},
                {"kind": "email", "email": "admins@example.org", "label": {"en": "Mail us"}},
                {"kind": "community", "url": "https://test.example.org/wiki/Help?x=1"},
            ],
            "fallback_links": [{"label": {"en": "Policies"}, "page": "Project:Policies"}],
            "direct_report": {
                "enabled": True,
                "destinations": [
                    {"kind": "email", "to": ["responders@example.org"]},
                    {
                        "kind": "noticeboard",
                        "page": "Project:Incidents",
                        "credential": "enwiki-bot",
                    },
                    {
                        "kind": "webhook",
                        "url": "https://helpdesk.example.org/hook",
                        "secret": "helpdesk-hmac",
                    },
                    {"kind": "desk", "team": "demowiki-responders", "queue": "reports"},
                ],
            },
        }
    )
    config["emergency"]["resources"] = [
        {
            "label": {"pt": "SNS 24"},
            "url": "https://www.sns24.gov.pt/",
            "country": "PT",
            "language": "pt",
        }
    ]
    config["wiki"]["api_url"] = "http://127.0.0.1:8080/api.php"  # a wiki on this machine (tests)
    result = validate_config(config, check_titles=False)
    assert result.errors == []


def test_the_schema_file_is_valid_json_schema_2020_12():
    from jsonschema import Draft202012Validator

    schema = json.loads(
        (__import__("pathlib").Path(__file__).parents[1] / "schema" / "config.v1.json").read_text()
    )
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"].endswith("2020-12/schema")


@pytest.mark.parametrize(
    "language, expected", [("pt", "Fuso horário desconhecido"), ("uk", "Невідомий часовий пояс")]
)
def test_errors_are_translated(config, language, expected):
    from django.utils import translation

    config["wiki"]["time_zone"] = "Nowhere/Never"
    with translation.override(language):
        message = validate_config(config, check_titles=False).errors[0].message
    assert message.startswith(expected)


def test_the_routing_channels_own_rules_apply_to_destinations(config):
    entry = type_entry(config, "trolling")
    entry["direct_report"] = {
        "enabled": True,
        "destinations": [
            {"kind": "webhook", "url": "https://127.0.0.1/hook", "secret": "helpdesk-hmac"}
        ],
    }
    result = validate_config(config, check_titles=False)
    assert [(e.pointer, e.code) for e in result.errors] == [
        ("/non_emergency/types/3/direct_report/destinations/0", "destination")
    ]
    assert "private or loopback" in result.errors[0].message


@pytest.mark.parametrize(
    "destination, missing",
    [
        ({"kind": "webhook", "url": "https://hook.example.org/"}, "secret"),
        ({"kind": "desk", "team": "demowiki-responders"}, "queue"),
    ],
)
def test_destinations_need_what_routing_needs(config, destination, missing):
    type_entry(config, "trolling")["direct_report"] = {
        "enabled": True,
        "destinations": [destination],
    }
    result = validate_config(config, check_titles=False)
    assert [(e.pointer, e.code) for e in result.errors] == [
        (f"/non_emergency/types/3/direct_report/destinations/0/{missing}", "required")
    ]


def test_a_deeply_nested_value_is_an_error_not_a_crash(config):
    import json as _json

    nested = _json.loads("[" * 900 + "]" * 900)
    type_entry(config, "spam")["label"] = {"en": nested}
    result = validate_config(config, check_titles=False)
    assert not result.ok
