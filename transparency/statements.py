"""Statements of reasons (DSA art. 17 and 24(5)) in the EU Transparency Database's field set.

`build(decision)` describes one decision that restricts something (content removed or
suppressed, blocks, locks) and validates it against transparency/schema/statement.v1.json;
`for_period(since, until)` yields every such decision's statement. Nothing personal goes in:
no usernames, emails, page titles, report text or references; the facts are the responder's
own, written for publication (the decision form says so). Statements are in English, the
database's language; the content language is the wiki's.

What each action restricts (wikis/defaults.py's keys; a wiki's own actions restrict nothing
here): content removed or oversight -> decision_visibility CONTENT_REMOVED; a partial block ->
decision_provision PARTIAL_SUSPENSION; a sitewide block -> decision_provision TOTAL_SUSPENSION
(the account lives on, this wiki's service is suspended); a global lock -> decision_account
SUSPENDED. Warnings, referrals and "no action" restrict nothing and have no statement; an
appeal's answer that upholds a decision adds none (the first statement stands).
"""

from datetime import UTC, date, datetime

from django.utils import translation

from desk.models import AppealResult, Decision, TeamMembership
from transparency import categories, puid, schema
from wikis import accountability

VISIBILITY = "decision_visibility"
PROVISION = "decision_provision"
ACCOUNT = "decision_account"

# action key -> (field, value); the order within a field is from the lighter to the heavier.
EFFECTS = {
    "content-removed": (VISIBILITY, "DECISION_VISIBILITY_CONTENT_REMOVED"),
    "oversight": (VISIBILITY, "DECISION_VISIBILITY_CONTENT_REMOVED"),
    "partial-block": (PROVISION, "DECISION_PROVISION_PARTIAL_SUSPENSION"),
    "sitewide-block": (PROVISION, "DECISION_PROVISION_TOTAL_SUSPENSION"),
    "global-lock": (ACCOUNT, "DECISION_ACCOUNT_SUSPENDED"),
}
SEVERITY = [value for _field, value in EFFECTS.values()]
EXPLANATION = (
    "The responders of the wiki community found that the behaviour or content reported breaks "
    "this rule of the community: {ground}. The facts the decision rests on are in "
    "decision_facts."
)


class StatementError(ValueError):
    """A statement that the schema refuses; `problems` says where and why."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def restricts(decision: Decision) -> bool:
    return any(action in EFFECTS for action in decision.actions)


def needs_statement(decision: Decision) -> bool:
    """Restricting, written by a responder (not migrated), and not an upheld appeal's repeat."""
    return (
        restricts(decision)
        and not decision.migrated
        and decision.appeal_result != AppealResult.UPHELD
    )


def _content_date(report) -> date:
    revision = (
        (report.evidence or {}).get("revision") if isinstance(report.evidence, dict) else None
    )
    stamp = revision.get("timestamp") if isinstance(revision, dict) else ""
    if isinstance(stamp, str) and stamp:
        try:
            return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(UTC).date()
        except ValueError:
            pass
    return report.created_at.astimezone(UTC).date()


def _source_type(report) -> str:
    """A trusted flagger's notice (art. 22), a responder's own report of what they saw on their
    wiki (own initiative), or anybody's notice (art. 16)."""
    if report.trusted_flagger:
        return "SOURCE_TRUSTED_FLAGGER"
    responder = TeamMembership.objects.filter(user_id=report.reporter_id)
    if (
        responder.filter(team__wiki_id=report.wiki_id).exists()
        or responder.filter(team__is_safety=True).exists()
    ):
        return "SOURCE_VOLUNTARY"
    return "SOURCE_ARTICLE_16"


def _ground_fields(config: dict, key: str) -> dict:
    rules = accountability.section(config, "transparency")
    for entry in rules["illegal_grounds"]:
        if isinstance(entry, dict) and entry.get("ground") == key:
            return {
                "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
                "illegal_content_legal_ground": entry["legal_ground"][:500],
                "illegal_content_explanation": entry["explanation"][:2000],
            }
    with translation.override("en"):
        label = accountability.ground_label(config, key) or key
    return {
        "decision_ground": "DECISION_GROUND_INCOMPATIBLE_CONTENT",
        "incompatible_content_ground": label[:500],
        "incompatible_content_explanation": EXPLANATION.format(ground=label)[:2000],
    }


def _reference_url(config: dict, key: str) -> str:
    for entry in accountability.grounds(config):
        if entry["key"] == key and entry["url"].startswith(("https://", "http://")):
            return entry["url"] if len(entry["url"]) <= 500 else ""
    return ""


def _language(config: dict) -> str:
    code = str(config.get("wiki", {}).get("content_language", "")).split("-")[0]
    return code.upper() if len(code) == 2 and code.isalpha() else ""


def draft(decision: Decision, config: dict | None = None) -> dict:
    """The statement's fields for `decision`, not yet validated (`config`: its wiki's)."""
    report = decision.report
    config = report.wiki.config if config is None else config
    statement: dict = {}
    chosen: dict[str, list[str]] = {}
    for action in decision.actions:
        if action in EFFECTS:
            field, value = EFFECTS[action]
            chosen.setdefault(field, [])
            if value not in chosen[field]:
                chosen[field].append(value)
    if VISIBILITY in chosen:
        statement[VISIBILITY] = chosen[VISIBILITY]
    for field in (PROVISION, ACCOUNT):
        if field in chosen:
            statement[field] = max(chosen[field], key=SEVERITY.index)
    statement.update(_ground_fields(config, decision.ground))
    url = _reference_url(config, decision.ground)
    if url:
        statement["decision_ground_reference_url"] = url
    category, keywords = categories.category(config, categories.type_of(report))
    statement["content_type"] = ["CONTENT_TYPE_TEXT"]
    statement["category"] = category
    if keywords:
        statement["category_specification"] = keywords
    statement["content_date"] = _content_date(report).isoformat()
    statement["application_date"] = decision.created_at.astimezone(UTC).date().isoformat()
    statement["decision_facts"] = decision.facts
    statement["source_type"] = _source_type(report)
    # Reports are made by people; decisions by responders (`automated` records otherwise).
    statement["automated_detection"] = "No"
    statement["automated_decision"] = (
        "AUTOMATED_DECISION_FULLY" if decision.automated else "AUTOMATED_DECISION_NOT_AUTOMATED"
    )
    statement["puid"] = puid.puid(report.reference, decision.pk)
    scope = accountability.section(config, "transparency")["territorial_scope"]
    if scope:
        statement["territorial_scope"] = list(scope)
    language = _language(config)
    if language:
        statement["content_language"] = language
    return statement


def validate(statement: dict) -> dict:
    problems = schema.errors(statement)
    if problems:
        raise StatementError(problems)
    return statement


def build(decision: Decision, config: dict | None = None) -> dict:
    """The validated statement of `decision` (StatementError if the schema refuses it)."""
    return validate(draft(decision, config))


def decisions_between(since: datetime, until: datetime, wiki=None):
    """Decisions made in [since, until) that need a statement, oldest first."""
    found = Decision.objects.filter(created_at__gte=since, created_at__lt=until)
    if wiki is not None:
        found = found.filter(report__wiki=wiki)
    found = found.select_related("report__wiki").order_by("created_at", "id")
    return (decision for decision in found.iterator(chunk_size=500) if needs_statement(decision))


def for_period(since: datetime, until: datetime, wiki=None):
    """(decision, statement or StatementError) for each decision of `decisions_between`."""
    configs: dict[int, dict] = {}
    for decision in decisions_between(since, until, wiki):
        wiki_id = decision.report.wiki_id
        if wiki_id not in configs:
            configs[wiki_id] = decision.report.wiki.config
        try:
            yield decision, build(decision, configs[wiki_id])
        except StatementError as error:
            yield decision, error
