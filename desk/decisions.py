"""Decisions and appeals: how a case is closed, contested and decided again.

`record(report, user, form)` writes a Decision, derives the report's outcome from it, starts
the misuse rules (desk.misuse) and queues the notices (desk.notices), all in one transaction.
`contest(decision, user, text)` opens an appeal; `record(..., appeal=...)` answers it, and
refuses the member who made the contested decision (the second-person rule).
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import WikiAccount
from desk import clocks
from desk.cases import CaseError, _event, _save, _set_status, audit
from desk.models import (
    Appeal,
    AppealResult,
    AppealRole,
    AppealStatus,
    AuditAction,
    Decision,
    EventKind,
    WellFounded,
)
from irs import text as irs_text
from reports.models import Outcome, Status
from wikis import accountability

FACTS_MAX = 5000
REPORTER_TEXT_MAX = 5000
REASON_MAX = 1000
APPEAL_MAX = 2000


@dataclass
class DecisionForm:
    """What a responder submits: checked by `clean` against the wiki's configuration."""

    actions: list[str] = field(default_factory=list)
    ground: str = ""
    facts: str = ""
    reporter_text: str = ""
    reporter_text_key: str = ""
    well_founded: str = ""
    well_founded_reason: str = ""
    appeal_result: str = ""

    @classmethod
    def from_post(cls, post) -> "DecisionForm":
        return cls(
            actions=[str(a) for a in post.getlist("actions")][:50],
            ground=post.get("ground", ""),
            facts=post.get("facts", ""),
            reporter_text=post.get("reporter_text", ""),
            reporter_text_key=post.get("reporter_text_key", ""),
            well_founded=post.get("well_founded", ""),
            well_founded_reason=post.get("well_founded_reason", ""),
            appeal_result=post.get("appeal_result", ""),
        )


def _text(value: str) -> str:
    """Multi-line text under the site's input rule (irs/text.py), trimmed."""
    try:
        return irs_text.clean(value or "", multiline=True).strip()
    except irs_text.TextError as error:
        raise CaseError(str(error)) from error


def derive_outcome(action_keys) -> str:
    """The three-valued outcome the desk and the metrics group by."""
    keys = set(action_keys)
    if keys <= {accountability.NO_ACTION}:
        return Outcome.NO_ACTION
    if keys <= {accountability.REFERRED, accountability.NO_ACTION}:
        return Outcome.REFERRED
    return Outcome.ACTION_TAKEN


def latest(report) -> Decision | None:
    return report.decisions.order_by("-created_at", "-id").first()


def open_appeal(report) -> Appeal | None:
    return (
        Appeal.objects.filter(report=report, status=AppealStatus.OPEN)
        .select_related("decision", "appellant")
        .order_by("created_at", "id")
        .first()
    )


def clean(report, form: DecisionForm, *, language: str, contested: Decision | None) -> dict:
    """The decision's fields, or CaseError with what to correct."""
    config = report.wiki.config
    allowed = [entry["key"] for entry in accountability.actions(config)]
    grounds = [entry["key"] for entry in accountability.grounds(config)]
    if contested is not None:
        if form.appeal_result not in AppealResult.values:
            raise CaseError(_("Say whether the contested decision is upheld or changed."))
        if form.appeal_result == AppealResult.UPHELD:
            form.actions = list(contested.actions)
            form.ground = contested.ground
    actions = list(dict.fromkeys(form.actions))
    if not actions:
        raise CaseError(_("Choose at least one action (or “No action”)."))
    if any(action not in allowed for action in actions):
        raise CaseError(_("Choose actions from the list."))
    if accountability.NO_ACTION in actions and len(actions) > 1:
        raise CaseError(_("“No action” cannot be combined with other actions."))
    if form.ground not in grounds:
        raise CaseError(_("Choose the ground: the policy the behaviour broke, or none."))
    facts = _text(form.facts)
    if not facts:
        raise CaseError(_("State the facts the decision rests on in a few sentences."))
    if len(facts) > FACTS_MAX:
        raise CaseError(
            _("The facts can be at most %(limit)s characters long.") % {"limit": FACTS_MAX}
        )
    reporter_text = _text(form.reporter_text)
    if not reporter_text and form.reporter_text_key:
        prepared = {
            entry["key"]: entry["text"] for entry in accountability.reporter_texts(config, language)
        }
        if form.reporter_text_key not in prepared:
            raise CaseError(_("Choose one of the prepared texts."))
        reporter_text = _text(prepared[form.reporter_text_key])
    if not reporter_text:
        raise CaseError(
            _("Write what the reporter will read about the decision, or pick a prepared text.")
        )
    if len(reporter_text) > REPORTER_TEXT_MAX:
        raise CaseError(
            _("The text for the reporter can be at most %(limit)s characters long.")
            % {"limit": REPORTER_TEXT_MAX}
        )
    if form.well_founded not in WellFounded.values:
        raise CaseError(_("Say whether the report was founded."))
    reason = _text(form.well_founded_reason)
    if form.well_founded == WellFounded.MANIFESTLY_UNFOUNDED and not reason:
        raise CaseError(_("Say in a sentence why the report is manifestly unfounded."))
    if len(reason) > REASON_MAX:
        raise CaseError(
            _("The reason can be at most %(limit)s characters long.") % {"limit": REASON_MAX}
        )
    if contested is not None and form.appeal_result == AppealResult.CHANGED:
        if actions == list(contested.actions) and form.ground == contested.ground:
            raise CaseError(
                _("A changed decision needs other actions or another ground; else uphold it.")
            )
    return {
        "actions": actions,
        "ground": form.ground,
        "facts": facts,
        "reporter_text": reporter_text,
        "well_founded": form.well_founded,
        "well_founded_reason": reason,
    }


def check_second_person(appeal: Appeal, user) -> None:
    """An appeal is decided by someone other than the member who made the contested decision."""
    if appeal.decision.decided_by_id is not None and appeal.decision.decided_by_id == user.pk:
        raise CaseError(
            _(
                "You made the decision that is contested: another member of the team must "
                "decide the appeal."
            )
        )


@transaction.atomic
def record(report, user, form: DecisionForm) -> Decision:
    """Record a decision on `report` (answering its open appeal, if there is one)."""
    from desk import misuse, notices

    if report.duplicate_of_id is not None:
        raise CaseError(
            _("This case is a duplicate: decide the case it was merged into (%(reference)s).")
            % {"reference": report.duplicate_of.reference}
        )
    appeal = open_appeal(report)
    if appeal is not None:
        check_second_person(appeal, user)
    fields = clean(
        report,
        form,
        language=report.language,
        contested=appeal.decision if appeal is not None else None,
    )
    now = timezone.now()
    config = report.wiki.config
    decision = Decision.objects.create(
        report=report,
        decided_by=user,
        decided_by_name=user.get_username(),
        created_at=now,
        outcome=derive_outcome(fields["actions"]),
        answers=appeal,
        appeal_result=form.appeal_result if appeal is not None else "",
        reported_user_notified=bool(report.reported_user)
        and not report.is_emergency
        and accountability.notifies_reported_user(config, fields["actions"]),
        **fields,
    )
    if appeal is not None:
        appeal.status = AppealStatus.DECIDED
        appeal.decided_at = now
        appeal.save(update_fields=["status", "decided_at"])
    report.outcome = decision.outcome
    changed = ["outcome"]
    if report.decided_at is None:
        report.decided_at = now
        changed.append("decided_at")
    changed += clocks.responded(report, now)
    _save(report, *changed)
    _event(
        report,
        EventKind.DECISION,
        user,
        decision=decision.pk,
        outcome=decision.outcome,
        actions=decision.actions,
        ground=decision.ground,
        appeal=appeal.pk if appeal else None,
        appeal_result=decision.appeal_result,
    )
    audit(
        user,
        AuditAction.DECISION,
        report=report,
        decision=decision.pk,
        actions=decision.actions,
        ground=decision.ground,
        well_founded=decision.well_founded,
        appeal=appeal.pk if appeal else None,
        appeal_result=decision.appeal_result,
    )
    closing = Status.NOT_ACTIONABLE if decision.outcome == Outcome.NO_ACTION else Status.RESOLVED
    # The decision notice tells the reporter; no second email about the status.
    _set_status(report, closing, user, notify_reporter=False)
    notices.decision_recorded(decision)
    misuse.after_decision(decision)
    return decision


def can_contest(decision: Decision, user, now=None) -> str:
    """ "" if `user` may contest `decision` now, else why not (a sentence for them)."""
    now = now or timezone.now()
    role = role_of(decision, user)
    if role is None:
        return _("Only the reporter, or the reported user who was notified, can contest it.")
    if latest(decision.report).pk != decision.pk:
        return _("A newer decision replaced this one.")
    if decision.appeals.filter(appellant=user).exists():
        return _("You have already contested this decision.")
    if now > deadline(decision):
        return _("The time to contest this decision has passed.")
    return ""


def deadline(decision: Decision):
    return accountability.appeal_deadline(decision.report.wiki.config, decision.created_at)


def role_of(decision: Decision, user) -> str | None:
    report = decision.report
    if not user.is_authenticated:
        return None
    if report.reporter_id == user.pk or report.duplicates.filter(reporter_id=user.pk).exists():
        return AppealRole.REPORTER
    if decision.reported_user_notified and report.reported_user:
        if WikiAccount.objects.filter(
            user_id=user.pk, wiki_id=report.wiki_id, username__iexact=report.reported_user
        ).exists():
            return AppealRole.REPORTED_USER
    return None


@transaction.atomic
def contest(decision: Decision, user, text: str) -> Appeal:
    from desk import notices

    problem = can_contest(decision, user)
    if problem:
        raise CaseError(problem)
    text = _text(text)
    if not text:
        raise CaseError(_("Say why you contest the decision."))
    if len(text) > APPEAL_MAX:
        raise CaseError(
            _("An appeal can be at most %(limit)s characters long.") % {"limit": APPEAL_MAX}
        )
    report = decision.report
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                decision=decision,
                report=report,
                appellant=user,
                role=role_of(decision, user),  # type: ignore[misc]  # may_contest: not None
                text=text,
            )
    except IntegrityError as error:  # the same person twice at once
        raise CaseError(_("You have already contested this decision.")) from error
    # Never the appellant's name on the case timeline when it is the reported user.
    _event(report, EventKind.APPEAL, None, appeal=appeal.pk, role=appeal.role)
    audit(user, AuditAction.APPEAL, report=report, appeal=appeal.pk, decision=decision.pk)
    _set_status(report, Status.IN_PROGRESS, None, notify_reporter=False)
    notices.appeal_received(appeal)
    return appeal


def open_appeals(visible_reports):
    """Open appeals on the cases a responder sees (the appeals queue), oldest first."""
    return (
        Appeal.objects.filter(status=AppealStatus.OPEN, report__in=visible_reports)
        .select_related("report__wiki", "decision")
        .order_by("created_at", "id")
    )
