"""Statements of reasons: the Transparency Database's fields, its schema, no personal data."""

import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from desk import decisions
from desk.models import Decision, TeamMembership
from irs import demo
from reports.models import Flow
from transparency import categories, puid, schema, statements
from transparency.tests.conftest import FACTS, change, decision_form
from wikis import validation
from wikis.defaults import DECISION_ACTIONS, DECISION_GROUNDS
from wikis.schema import load_schema

RESTRICTING = {
    "content-removed": ("decision_visibility", ["DECISION_VISIBILITY_CONTENT_REMOVED"]),
    "oversight": ("decision_visibility", ["DECISION_VISIBILITY_CONTENT_REMOVED"]),
    "partial-block": ("decision_provision", "DECISION_PROVISION_PARTIAL_SUSPENSION"),
    "sitewide-block": ("decision_provision", "DECISION_PROVISION_TOTAL_SUSPENSION"),
    "global-lock": ("decision_account", "DECISION_ACCOUNT_SUSPENDED"),
}
RESTRICTIONS = ("decision_visibility", "decision_provision", "decision_account")


@pytest.mark.parametrize("ground", [key for key, _url in DECISION_GROUNDS])
@pytest.mark.parametrize("action", DECISION_ACTIONS)
def test_every_action_and_ground_gives_a_valid_statement_or_none(decide, action, ground):
    decision = decide([action], ground)
    if action not in RESTRICTING:
        assert not statements.needs_statement(decision)
        return
    assert statements.needs_statement(decision)
    statement = statements.build(decision)
    assert schema.errors(statement) == []
    field, value = RESTRICTING[action]
    assert statement[field] == value
    assert [f for f in RESTRICTIONS if f in statement] == [field]
    assert statement["decision_ground"] == "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    assert statement["incompatible_content_ground"]
    assert statement["incompatible_content_explanation"]
    assert "illegal_content_legal_ground" not in statement


def test_a_statement_has_the_documented_fields(wiki, decide):
    decision = decide(
        ["content-removed", "partial-block", "sitewide-block"],
        evidence={"revision": {"id": 1234, "timestamp": "2026-03-04T23:59:00Z"}},
    )
    statement = statements.build(decision)
    assert statement["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    # Two blocks: the heavier one is the restriction of the service.
    assert statement["decision_provision"] == "DECISION_PROVISION_TOTAL_SUSPENSION"
    assert statement["incompatible_content_ground"] == (
        "Universal Code of Conduct, section 3.1: harassment"
    )
    assert statement["decision_ground_reference_url"].endswith("#3.1_–_Harassment")
    assert statement["content_type"] == ["CONTENT_TYPE_TEXT"]
    assert statement["category"] == "STATEMENT_CATEGORY_CYBER_VIOLENCE"
    assert statement["category_specification"] == ["KEYWORD_CYBER_BULLYING_INTIMIDATION"]
    assert statement["content_date"] == "2026-03-04"
    assert statement["application_date"] == decision.created_at.date().isoformat()
    assert statement["decision_facts"] == FACTS
    assert statement["source_type"] == "SOURCE_ARTICLE_16"
    assert statement["automated_detection"] == "No"
    assert statement["automated_decision"] == "AUTOMATED_DECISION_NOT_AUTOMATED"
    assert statement["content_language"] == "EN"
    assert "territorial_scope" not in statement
    assert re.fullmatch(r"irs-[0-9a-f]{40}", statement["puid"])


def test_without_evidence_the_content_date_is_the_reports(decide):
    decision = decide(["oversight"], evidence=None)
    assert (
        statements.build(decision)["content_date"] == decision.report.created_at.date().isoformat()
    )


def test_the_source_is_a_trusted_flagger_a_notice_or_the_responders_own(
    wiki, decide, other_reporter, community_team
):
    assert statements.build(decide(["oversight"], trusted_flagger=True))["source_type"] == (
        "SOURCE_TRUSTED_FLAGGER"
    )
    assert statements.build(decide(["oversight"], reporter=other_reporter))["source_type"] == (
        "SOURCE_ARTICLE_16"
    )
    TeamMembership.objects.create(team=community_team, user=other_reporter)
    assert statements.build(decide(["oversight"], reporter=other_reporter))["source_type"] == (
        "SOURCE_VOLUNTARY"
    )


@pytest.mark.parametrize(
    ("kind", "subtype_or_type", "category"),
    [
        (
            Flow.NON_EMERGENCY,
            "hate-or-discrimination",
            "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
        ),
        (Flow.NON_EMERGENCY, "doxing", "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS"),
        (Flow.NON_EMERGENCY, "spam", "STATEMENT_CATEGORY_SCAMS_AND_FRAUD"),
        (Flow.NON_EMERGENCY, "vandalism", "STATEMENT_CATEGORY_OTHER_VIOLATION_TC"),
        (Flow.NON_EMERGENCY, "a-type-of-this-wiki", "STATEMENT_CATEGORY_OTHER_VIOLATION_TC"),
        (Flow.EMERGENCY, "self-harm", "STATEMENT_CATEGORY_SELF_HARM"),
        (Flow.EMERGENCY, "physical-harm", "STATEMENT_CATEGORY_VIOLENCE"),
    ],
)
def test_the_category_comes_from_the_type_by_default(decide, kind, subtype_or_type, category):
    fields = {"flow": kind}
    fields["harm_subtype" if kind == Flow.EMERGENCY else "incident_type"] = subtype_or_type
    assert statements.build(decide(["global-lock"], **fields))["category"] == category


def test_every_default_category_and_keyword_is_one_the_schema_allows():
    for category, keywords in categories.DEFAULTS.values():
        assert category in schema.enum("category")
        assert set(keywords) <= set(schema.enum("keyword"))


def test_a_wiki_maps_its_types_rules_and_countries(wiki, decide):
    def fn(config):
        config["transparency"] = {
            "categories": [
                {
                    "type": "intimidation",
                    "category": "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN",
                    "keywords": ["KEYWORD_CYBER_STALKING_AGAINST_WOMEN"],
                }
            ],
            "illegal_grounds": [
                {
                    "ground": "ucoc-3.1",
                    "legal_ground": "Portuguese Penal Code, art. 154-A (stalking)",
                    "explanation": "Repeated following of a person causing fear.",
                }
            ],
            "territorial_scope": ["PT", "ES"],
        }
        config["wiki"]["content_language"] = "pt-br"

    change(wiki, fn)
    assert validation.validate_config(wiki.config, check_titles=False).errors == []
    statement = statements.build(decide(["sitewide-block"]))
    assert statement["category"] == "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN"
    assert statement["category_specification"] == ["KEYWORD_CYBER_STALKING_AGAINST_WOMEN"]
    assert statement["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert statement["illegal_content_legal_ground"].startswith("Portuguese Penal Code")
    assert (
        statement["illegal_content_explanation"] == "Repeated following of a person causing fear."
    )
    assert "incompatible_content_ground" not in statement
    assert statement["territorial_scope"] == ["PT", "ES"]
    assert statement["content_language"] == "PT"
    # Another ground of the same wiki stays a community rule.
    other = statements.build(decide(["sitewide-block"], "ucoc-3.3"))
    assert other["decision_ground"] == "DECISION_GROUND_INCOMPATIBLE_CONTENT"


@pytest.mark.parametrize(
    "section",
    [
        {"categories": [{"type": "spam", "category": "STATEMENT_CATEGORY_MADE_UP"}]},
        {
            "categories": [
                {
                    "type": "spam",
                    "category": "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
                    "keywords": ["KEYWORD_MADE_UP"],
                }
            ]
        },
        {"illegal_grounds": [{"ground": "ucoc-3.1", "legal_ground": "", "explanation": "x"}]},
        {
            "illegal_grounds": [
                {"ground": "ucoc-3.1", "legal_ground": "x" * 501, "explanation": "x"}
            ]
        },
        {"territorial_scope": ["US"]},
    ],
)
def test_the_configuration_refuses_what_the_database_would(wiki, section):
    config = wiki.config
    config["transparency"].update(section)
    assert validation.validate_config(config, check_titles=False).errors


def test_the_configurations_values_are_the_statement_schemas():
    config = load_schema()["$defs"]
    assert config["statement_category"]["properties"]["category"]["enum"] == schema.enum("category")
    assert config["statement_category"]["properties"]["keywords"]["items"]["enum"] == (
        schema.enum("keyword")
    )
    transparency = load_schema()["properties"]["transparency"]["properties"]
    assert transparency["territorial_scope"]["items"]["enum"] == schema.enum("territory")


def test_no_personal_data_reaches_a_statement(wiki, decide, reporter):
    decision = decide(
        ["content-removed", "global-lock"],
        details="Private words of the reporter",
        evidence={
            "revision": {
                "id": 77,
                "timestamp": "2026-01-02T03:04:05Z",
                "user": "Troll",
                "content": "the insult itself",
            }
        },
    )
    report = decision.report
    text = json.dumps(statements.build(decision))
    for private in (
        report.reporter_username,
        reporter.email,
        report.reported_user,
        report.page_title,
        report.reference,
        report.thread_id,
        "Private words",
        "the insult itself",
        decision.decided_by_name,
        decision.public_id,
    ):
        assert private not in text, private
    assert re.search(rf"\b{reporter.pk}\b", json.dumps(statements.build(decision)["puid"])) is None


def test_puids_are_unique_stable_and_keyed(decide):
    first, second = decide(["oversight"]), decide(["oversight"])
    one, two = statements.build(first)["puid"], statements.build(second)["puid"]
    assert one != two
    assert statements.build(first)["puid"] == one
    assert puid.puid(first.report.reference, first.pk) == one
    with override_settings(IRS_STATEMENT_KEY="another-key"):
        assert puid.puid(first.report.reference, first.pk) != one
    assert first.report.reference.replace("-", "") not in one.upper()


def test_an_upheld_appeal_adds_no_statement_and_a_changed_one_does(
    decide, reporter, community_team
):
    first = decide(["sitewide-block"])
    report = first.report
    second = demo.make_user(community_team.wiki, "Secondresponder")
    TeamMembership.objects.create(team=community_team, user=second)
    decisions.contest(first, reporter, "Too lenient.")
    upheld = decisions.record(report, second, decision_form(appeal_result="upheld"))
    assert not statements.needs_statement(upheld)
    decisions.contest(upheld, reporter, "Still too lenient.")
    changed = decisions.record(
        report, first.decided_by, decision_form(actions=["global-lock"], appeal_result="changed")
    )
    assert statements.needs_statement(changed)
    assert statements.build(changed)["decision_account"] == "DECISION_ACCOUNT_SUSPENDED"


@pytest.mark.parametrize(
    ("change_", "where"),
    [
        (lambda s: s.pop("decision_ground"), "decision_ground"),
        (lambda s: s.pop("puid"), "puid"),
        (lambda s: s.update(puid="irs/1 2"), "/puid"),
        (lambda s: s.update(puid="a" * 501), "/puid"),
        (lambda s: s.update(decision_facts="x" * 5001), "/decision_facts"),
        (lambda s: s.update(decision_facts=""), "/decision_facts"),
        (lambda s: s.update(category="STATEMENT_CATEGORY_MADE_UP"), "/category"),
        (lambda s: s.update(content_date="1999-12-31"), "/content_date"),
        (lambda s: s.update(content_date="2026-02-30"), "/content_date"),
        (lambda s: s.update(application_date="2019-06-01"), "/application_date"),
        (lambda s: s.update(automated_detection="yes"), "/automated_detection"),
        (
            lambda s: s.update(decision_visibility=["DECISION_VISIBILITY_OTHER"]),
            "decision_visibility_other",
        ),
        (lambda s: s.update(decision_visibility_other="explained"), "decision_visibility_other"),
        (lambda s: s.update(content_type=["CONTENT_TYPE_OTHER"]), "content_type_other"),
        (
            lambda s: s.update(decision_monetary="DECISION_MONETARY_OTHER"),
            "decision_monetary_other",
        ),
        (
            lambda s: s.update(category_specification=["KEYWORD_OTHER"]),
            "category_specification_other",
        ),
        (lambda s: s.pop("incompatible_content_explanation"), "incompatible_content_explanation"),
        (lambda s: s.update(decision_ground="DECISION_GROUND_ILLEGAL_CONTENT"), "illegal_content"),
        (
            lambda s: s.update(source_type="SOURCE_VOLUNTARY", source_identity="x"),
            "source_identity",
        ),
        (lambda s: s.update(territorial_scope=["US"]), "/territorial_scope/0"),
        (lambda s: s.update(content_language="en"), "/content_language"),
        (lambda s: s.update(reporter="Reporter"), "reporter"),
        (lambda s: s.pop("decision_visibility"), "decision_visibility"),
    ],
)
def test_an_invalid_statement_is_refused(decide, change_, where):
    statement = statements.draft(decide(["content-removed"]))
    change_(statement)
    with pytest.raises(statements.StatementError) as refused:
        statements.validate(statement)
    assert where in str(refused.value)


def export(**options) -> list[dict]:
    from io import StringIO

    out = StringIO()
    call_command("statements", "export", stdout=out, **options)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_the_export_writes_the_periods_statements_as_json_lines(decide, other_wiki):
    kept = decide(["oversight"])
    decide(["warning"])  # restricts nothing
    earlier = decide(["global-lock"])
    Decision.objects.filter(pk=earlier.pk).update(created_at=earlier.created_at.replace(year=2024))
    day = kept.created_at.date().isoformat()
    lines = export(since=day, until=day)
    assert [line["puid"] for line in lines] == [statements.build(kept)["puid"]]
    assert all(schema.errors(line) == [] for line in lines)
    assert export(since=day, until=day, wiki=other_wiki.slug) == []
    assert len(export(since="2024-01-01", until=day)) == 2


@pytest.mark.parametrize(
    "options",
    [
        {"since": "2026-13-01", "until": "2026-12-31"},
        {"since": "2026-06-01", "until": "2026-01-01"},
        {"since": "yesterday", "until": "2026-01-01"},
        {"since": "2026-01-01", "until": "2026-01-02", "wiki": "no-such-wiki"},
    ],
)
def test_the_export_refuses_a_bad_period_or_wiki(db, options):
    with pytest.raises(CommandError):
        export(**options)


def test_the_export_names_a_refused_statement_and_fails(decide, capsys):
    good = decide(["oversight"])
    bad = decide(["oversight"])
    Decision.objects.filter(pk=bad.pk).update(facts="")
    day = good.created_at.date().isoformat()
    from io import StringIO

    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 statement"):
        call_command("statements", "export", since=day, until=day, stdout=out, stderr=err)
    assert len(out.getvalue().splitlines()) == 1
    assert f"decision {bad.pk}: /decision_facts" in err.getvalue()


def test_the_decision_form_says_the_facts_are_published(client, decide, responder, wiki, queue):
    from desk.tests.conftest import make_report

    report = make_report(wiki, responder, queue=queue, reporter_username="Someone")
    client.force_login(responder)
    page = client.get(f"/desk/cases/{report.reference}").content.decode()
    assert "The facts are published" in page
    assert 'aria-describedby="facts-hint"' in page
