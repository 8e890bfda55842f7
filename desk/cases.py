"""What responders (and reporters) do to a case. Every function writes the timeline and the
audit log in one transaction and queues its emails in that same transaction (desk.notify,
through the outbox: they are sent once it commits, retried, and never lost with it).

`case_arrived(report)` is the entry point for anything that puts a report into a desk queue:
the routing's desk channel calls it after setting `report.queue`; escalation calls it too.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from desk import clocks, notify
from desk.models import (
    REPORTER_VISIBLE,
    AuditAction,
    AuditEntry,
    CaseEvent,
    EventKind,
    FormerTeamAccess,
    Team,
    TeamMembership,
)
from irs import text as irs_text
from reports.models import Report, Status

NOTE_MAX = 5000
MESSAGE_MAX = 5000
REASON_MAX = 1000
# A reporter's replies per case and hour: a conversation, not a flood of emails to responders.
REPLIES_PER_HOUR = 20

# Statuses a responder may set directly ("closed as duplicate" comes from merging,
# "withdrawn" from the reporter's erasure request).
SETTABLE_STATUSES = [
    s for s in Status if s not in (Status.INFORMATION, Status.DUPLICATE, Status.WITHDRAWN)
]
# The model's labels speak to the reporter ("Waiting for your reply"); on the desk the one
# awaited is the reporter.
DESK_STATUS_LABELS = {Status.WAITING: gettext_lazy("Waiting for the reporter")}


def status_label(value):
    """A status as responders read it."""
    status = Status(value)
    return DESK_STATUS_LABELS.get(status, status.label)


class CaseError(Exception):
    """An action refused; the message is shown to the person who tried it."""


def audit(actor, action: str, *, report=None, team=None, **details) -> AuditEntry:
    if team is None and report is not None and report.queue_id:
        team = report.queue.team
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=actor.get_username() if actor is not None else "",
        action=action,
        report=report,
        team=team,
        details=details,
    )


def _event(report, kind, actor=None, *, team=None, text="", **data) -> CaseEvent:
    return CaseEvent.objects.create(
        report=report, kind=kind, actor=actor, team=team, text=text, data=data
    )


def _clean_text(text: str, limit: int, empty_message: str, long_message: str) -> str:
    """Multi-line text under the site's input rule (irs/text.py), trimmed and bounded."""
    try:
        text = irs_text.clean(text or "", multiline=True).strip()
    except irs_text.TextError as error:
        raise CaseError(str(error)) from error
    if not text:
        raise CaseError(empty_message)
    if len(text) > limit:
        raise CaseError(long_message % {"limit": limit})
    return text


def _save(report, *fields):
    report.save(update_fields=[*fields, "updated_at"])


def _set_status(report, status, actor, *, notify_reporter=True) -> CaseEvent | None:
    if report.status == status:
        return None

    previous = report.status
    report.status = status
    changed = clocks.status_changed(report, previous, status, timezone.now())
    _save(report, "status", *changed)
    event = _event(report, EventKind.STATUS, actor, previous=previous, status=status)
    if notify_reporter:
        notify.reporter_status(report, event)
    return event


# --- arrival -------------------------------------------------------------------------------


def case_arrived(report: Report, *, escalation: CaseEvent | None = None) -> CaseEvent | None:
    """Record that `report` is now in `report.queue` and tell that team's members.

    Idempotent per report and team (a retried delivery notifies once). Members who chose a
    daily digest hear about ordinary arrivals in `manage.py desk_digest`; escalations reach
    every member at once.
    """
    if report.queue_id is None:
        return None
    team = report.queue.team
    with transaction.atomic():
        if (
            escalation is None
            and CaseEvent.objects.filter(report=report, kind=EventKind.ARRIVED, team=team).exists()
        ):
            return None
        event = _event(
            report,
            EventKind.ARRIVED,
            team=team,
            queue=report.queue.slug,
            escalated=escalation is not None,
        )
        notify.case_arrived(report, team, escalation)
    return event


# --- responders' actions -------------------------------------------------------------------


@transaction.atomic
def record_view(report, user) -> None:
    audit(user, AuditAction.VIEW, report=report)


@transaction.atomic
def claim(report, user) -> None:
    if report.assignee_id == user.pk:
        raise CaseError(_("You have already claimed this case."))
    report.assignee = user
    _save(report, "assignee")
    _event(report, EventKind.CLAIMED, user)
    audit(user, AuditAction.CLAIM, report=report)


def assignable_members(report):

    return User.objects.filter(team_memberships__team_id=report.queue.team_id).order_by("username")


@transaction.atomic
def assign(report, user, assignee_id) -> None:

    if assignee_id in ("", None):
        assignee = None
    else:
        try:
            assignee = assignable_members(report).distinct().get(pk=int(assignee_id))
        except (ValueError, TypeError, OverflowError, User.DoesNotExist) as error:
            raise CaseError(_("Choose a member of this case's team.")) from error
    if report.assignee_id == (assignee.pk if assignee else None):
        raise CaseError(_("The case is already assigned that way."))
    report.assignee = assignee
    _save(report, "assignee")
    _event(report, EventKind.ASSIGNED, user, assignee=assignee.get_username() if assignee else "")
    audit(
        user,
        AuditAction.ASSIGN,
        report=report,
        assignee=assignee.get_username() if assignee else "",
    )


@transaction.atomic
def change_status(report, user, status: str) -> None:
    if status not in SETTABLE_STATUSES:
        raise CaseError(_("Choose one of the listed statuses."))
    previous = report.status
    if _set_status(report, status, user) is None:
        raise CaseError(_("The case already has that status."))
    audit(user, AuditAction.STATUS, report=report, previous=previous, status=status)


@transaction.atomic
def add_note(report, user, text: str) -> CaseEvent:
    text = _clean_text(
        text,
        NOTE_MAX,
        _("Write the note first."),
        _("A note can be at most %(limit)s characters long."),
    )
    event = _event(report, EventKind.NOTE, user, text=text)
    audit(user, AuditAction.NOTE, report=report, event=event.pk)
    return event


@transaction.atomic
def message_reporter(report, user, text: str, *, wait_for_reply: bool = False) -> CaseEvent:
    text = _clean_text(
        text,
        MESSAGE_MAX,
        _("Write the message first."),
        _("A message can be at most %(limit)s characters long."),
    )

    event = _event(report, EventKind.MESSAGE, user, text=text)
    audit(user, AuditAction.MESSAGE, report=report, event=event.pk)
    changed = clocks.responded(report, timezone.now())
    if changed:
        _save(report, *changed)
    if wait_for_reply:
        # One email tells the reporter about both the message and the new status.
        _set_status(report, Status.WAITING, user, notify_reporter=False)
    notify.reporter_message(report)
    return event


def merge_target(duplicate, target_reference: str, visible) -> Report:
    """The case `target_reference` (one of `visible`, the cases the user works) that
    `duplicate` may be merged into; CaseError when there is none or it cannot be."""
    target = (
        visible.select_related("wiki", "queue__team")
        .filter(reference=(target_reference or "").strip().upper())
        .first()
    )
    if target is None:
        raise CaseError(_("No case with that reference in your queues."))
    if target.pk == duplicate.pk:
        raise CaseError(_("A case cannot be a duplicate of itself."))
    if target.duplicate_of_id is not None:
        raise CaseError(_("That case is itself a duplicate; merge into the case it duplicates."))
    return target


@transaction.atomic
def merge_into(duplicate, user, target_reference: str, visible) -> Report:
    """Close `duplicate` as a duplicate of the case `target_reference` (one the user sees).
    Its reporter is told in plain words that it joined another case (notify.reporter_merged),
    instead of the bare status change."""
    target = merge_target(duplicate, target_reference, visible)
    duplicate.duplicate_of = target
    _save(duplicate, "duplicate_of")
    # Cases that duplicated this one now point at the surviving case.
    Report.objects.filter(duplicate_of=duplicate).update(
        duplicate_of=target, updated_at=timezone.now()
    )
    _set_status(duplicate, Status.DUPLICATE, user, notify_reporter=False)
    notify.reporter_merged(duplicate)
    _event(duplicate, EventKind.MERGED, user, into=target.reference)
    _event(target, EventKind.DUPLICATE_ADDED, user, duplicate=duplicate.reference)
    audit(user, AuditAction.MERGE, report=duplicate, into=target.reference)
    if target.queue_id and target.queue.team_id != duplicate.queue.team_id:
        audit(user, AuditAction.MERGE, report=target, duplicate=duplicate.reference)
    return target


def escalation_targets(report):
    """The safety team and the other teams of the report's own wiki: a case never moves (with
    its reporter's name and email) to another wiki's responders."""
    return (
        Team.objects.exclude(pk=report.queue.team_id)
        .filter(Q(is_safety=True) | Q(wiki_id=report.wiki_id), queues__isnull=False)
        .distinct()
        .order_by("-is_safety", "name")
    )


@transaction.atomic
def escalate(report, user, team_slug: str, reason: str) -> Team:
    target = escalation_targets(report).filter(slug=team_slug or "").first()
    if target is None:
        raise CaseError(_("Choose a team to escalate to."))
    reason = _clean_text(
        reason,
        REASON_MAX,
        _("Say why you escalate the case."),
        _("The reason can be at most %(limit)s characters long."),
    )
    from_queue = report.queue
    from_team = from_queue.team
    audit(
        user,
        AuditAction.ESCALATE,
        report=report,
        team=from_team,
        to_team=target.slug,
        reason=reason,
    )
    report.queue = target.queues.order_by("id").first()
    report.assignee = None
    _save(report, "queue", "assignee")
    # The escalating team keeps read access (desk.access); a team the case comes back to
    # works it again.
    FormerTeamAccess.objects.filter(report=report, team=target).delete()
    FormerTeamAccess.objects.update_or_create(
        report=report,
        team=from_team,
        defaults={
            "queue": from_queue,
            "to_team": target,
            "escalated_by": user if user.is_authenticated else None,
            "escalated_at": timezone.now(),
            "restricted_at": None,
            "restricted_by": None,
            "restricted_by_team": None,
        },
    )
    event = _event(
        report,
        EventKind.ESCALATED,
        user,
        team=target,
        text=reason,
        from_team=from_team.slug,
        to_team=target.slug,
        former_access=True,
    )
    audit(
        user,
        AuditAction.ESCALATE,
        report=report,
        team=target,
        from_team=from_team.slug,
        reason=reason,
    )
    _set_status(report, Status.ESCALATED, user)
    case_arrived(report, escalation=event)
    return target


def former_teams(report) -> list[FormerTeamAccess]:
    """The teams that escalated `report` away, with their read access (or its restriction)."""
    return list(
        FormerTeamAccess.objects.filter(report=report)
        .select_related("team", "restricted_by", "restricted_by_team")
        .order_by("escalated_at", "id")
    )


@transaction.atomic
def restrict_former_access(report, user, team_slug: str, reason: str) -> FormerTeamAccess:
    """The team holding `report` ends the read access a team that escalated it away kept.
    For good: the timeline and both teams' audit logs say so (the reason in the holder's)."""
    former = (
        FormerTeamAccess.objects.filter(
            report=report, team__slug=team_slug or "", restricted_at__isnull=True
        )
        .select_related("team")
        .first()
    )
    if former is None:
        raise CaseError(_("Choose a team that can still read this case."))
    reason = _clean_text(
        reason,
        REASON_MAX,
        _("Say why you restrict that team's access."),
        _("The reason can be at most %(limit)s characters long."),
    )
    holder = report.queue.team
    now = timezone.now()
    changed = FormerTeamAccess.objects.filter(pk=former.pk, restricted_at__isnull=True).update(
        restricted_at=now, restricted_by=user, restricted_by_team=holder
    )
    if not changed:
        raise CaseError(_("Choose a team that can still read this case."))
    former.restricted_at, former.restricted_by, former.restricted_by_team = now, user, holder
    _event(
        report,
        EventKind.ACCESS_RESTRICTED,
        user,
        team=former.team,
        text=reason,
        former_team=former.team.slug,
    )
    audit(
        user,
        AuditAction.RESTRICT_ACCESS,
        report=report,
        team=holder,
        former_team=former.team.slug,
        reason=reason,
    )
    audit(user, AuditAction.RESTRICT_ACCESS, report=report, team=former.team, by_team=holder.slug)
    return former


# --- the reporter's side -------------------------------------------------------------------


@transaction.atomic
def reporter_reply(report, user, text: str) -> CaseEvent:
    if report.queue_id is None:
        raise CaseError(_("This report is not handled on the desk; there is no one to reply to."))
    text = _clean_text(
        text,
        MESSAGE_MAX,
        _("Write your reply first."),
        _("A reply can be at most %(limit)s characters long."),
    )
    recent = CaseEvent.objects.filter(
        report=report,
        kind=EventKind.REPLY,
        created_at__gte=timezone.now() - timedelta(hours=1),
    ).count()
    if recent >= REPLIES_PER_HOUR:
        raise CaseError(_("You have sent many replies in the last hour. Please wait a little."))
    event = _event(report, EventKind.REPLY, user, text=text)
    audit(user, AuditAction.REPLY, report=report, event=event.pk)
    if report.status == Status.WAITING:
        _set_status(report, Status.IN_PROGRESS, user, notify_reporter=False)
    notify.responders_of_reply(report)
    return event


def reporter_timeline(report):
    """What the reporter may see: responders' messages, their own replies, status changes."""
    return list(
        CaseEvent.objects.filter(report=report, kind__in=REPORTER_VISIBLE)
        .select_related("actor")
        .order_by("created_at", "id")
    )


# --- membership ----------------------------------------------------------------------------


@transaction.atomic
def add_member(team, user, username: str, *, lead: bool = False) -> TeamMembership:

    member = User.objects.filter(username=(username or "").strip()).first()
    if member is None:
        raise CaseError(_("There is no account with that username."))
    membership, created = TeamMembership.objects.get_or_create(
        team=team, user=member, defaults={"is_lead": lead}
    )
    if not created:
        raise CaseError(_("That person is already a member of this team."))
    audit(user, AuditAction.MEMBER_ADD, team=team, member=member.get_username(), lead=lead)
    return membership


@transaction.atomic
def remove_member(team, user, membership_id) -> None:
    membership = _membership(team, membership_id)
    if (
        membership.is_lead
        and not team.memberships.filter(is_lead=True).exclude(pk=membership.pk).exists()
        and not user.is_superuser
    ):
        raise CaseError(_("A team needs at least one lead."))
    name = membership.user.get_username()
    membership.delete()
    audit(user, AuditAction.MEMBER_REMOVE, team=team, member=name)


@transaction.atomic
def set_lead(team, user, membership_id, lead: bool) -> None:
    membership = _membership(team, membership_id)
    if membership.is_lead == lead:
        raise CaseError(_("Nothing to change."))
    if (
        not lead
        and not team.memberships.filter(is_lead=True).exclude(pk=membership.pk).exists()
        and not user.is_superuser
    ):
        raise CaseError(_("A team needs at least one lead."))
    membership.is_lead = lead
    membership.save(update_fields=["is_lead"])
    audit(
        user, AuditAction.MEMBER_LEAD, team=team, member=membership.user.get_username(), lead=lead
    )


def set_team_language(team, user, code: str) -> None:
    """The language of the team's emails: one IRS speaks, or "" for the wiki's."""
    shipped = {language for language, _name in settings.LANGUAGES}
    if code and code not in shipped:
        raise CaseError(_("Choose one of the languages IRS speaks."))
    if code == team.language:
        raise CaseError(_("Nothing to change."))
    previous, team.language = team.language, code
    team.save(update_fields=["language"])
    audit(user, AuditAction.TEAM_LANGUAGE, team=team, previous=previous, language=code)


def _membership(team, membership_id) -> TeamMembership:
    try:
        return team.memberships.select_related("user").get(pk=int(membership_id))
    except (ValueError, TypeError, TeamMembership.DoesNotExist) as error:
        raise CaseError(_("No such member in this team.")) from error
