"""Who may see what on the desk. Helpers raise 404 for anything outside the viewer's teams.

Operators (superusers) work every team. A responder works the teams they are a member of.
Nobody else has a desk: reporters, wiki admins and the reported user see no desk page.

Former teams: a team that escalated a case away keeps read access to it (desk.FormerTeamAccess)
until the team holding the case restricts it: its members read the case page, never act on
it (`case_for` is the only door to actions and knows nothing of former teams; an action
asked by a former team's member raises `ReadOnlyCase`, which the views show as a page that
says why).

Recusal: a responder whose account on the report's wiki is the reported user never sees
that case (404, not in queue lists) and cannot be assigned it: the reported user is never
shown who reported them. Names are compared ignoring case, erring towards recusal.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, Value
from django.db.models.functions import Upper
from django.db.models.lookups import Exact
from django.http import Http404

from accounts.models import User, WikiAccount
from desk.cases import CaseError
from desk.models import FormerTeamAccess, Queue, Team, TeamMembership
from reports.models import Report


def is_operator(user) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def teams_of(user):
    """The teams whose queues `user` works."""
    if not user.is_authenticated:
        return Team.objects.none()
    if is_operator(user):
        return Team.objects.all()
    return Team.objects.filter(memberships__user=user)


def is_responder(user) -> bool:
    return is_operator(user) or (
        user.is_authenticated and TeamMembership.objects.filter(user=user).exists()
    )


def require_responder(user) -> None:
    if not is_responder(user):
        raise PermissionDenied


def visible_cases(user):
    """Reports in a queue of one of the user's teams."""
    return restrict_to_visible(Report.objects.all(), user)


def recusal_condition(user, prefix: str = "") -> Q | None:
    """The condition a report about `user` meets (their account on its wiki is the reported
    user), or None when they have no wiki account: one small query for the accounts.
    `prefix` reaches the report through a relation (e.g. "report__" for rows that point at
    reports)."""
    if not user.is_authenticated:
        return None
    about_them = Q()
    for wiki_id, username in WikiAccount.objects.filter(user_id=user.pk).values_list(
        "wiki_id", "username"
    ):
        # upper(reported_user) = upper(name), as `iexact` on PostgreSQL; written out so that
        # SQLite (whose `iexact` is LIKE) can use the recusal index too. Both databases fold
        # the case of both sides alike.
        about_them |= Q(**{f"{prefix}wiki_id": wiki_id}) & Q(
            Exact(Upper(f"{prefix}reported_user"), Upper(Value(username)))
        )
    return about_them or None


def without_recused(reports, user, *, prefix: str = ""):
    """`reports` without those about `user` themselves (their recusal): one small query for
    the user's accounts, then a plain condition (no per-row subquery)."""
    about_them = recusal_condition(user, prefix)
    return reports.exclude(about_them) if about_them is not None else reports


def only_recused(reports, user):
    """Exactly the `reports` that `without_recused` leaves out (desk.counts subtracts them;
    the recusal index finds them without reading the rest)."""
    return split_recused(reports, user)[1]


def split_recused(reports, user):
    """(`without_recused(reports, user)`, `only_recused(reports, user)`) from one query for
    the user's accounts."""
    about_them = recusal_condition(user)
    if about_them is None:
        return reports, reports.none()
    return reports.exclude(about_them), reports.filter(about_them)


def is_recused(user, report) -> bool:
    """Whether `report` is about `user` (their account on its wiki is the reported user)."""

    return (
        bool(report.reported_user)
        and WikiAccount.objects.filter(
            user_id=user.pk, wiki_id=report.wiki_id, username__iexact=report.reported_user
        ).exists()
    )


def assignable(report, members):
    """`members` (users) without those the report is about."""

    if not report.reported_user:
        return members
    return members.exclude(
        pk__in=WikiAccount.objects.filter(
            wiki_id=report.wiki_id, username__iexact=report.reported_user
        ).values("user_id")
    )


def check_assignable(report, assignee_id):
    """`assignee_id` unchanged, unless it names someone the report is about: then refuse."""
    from django.utils.translation import gettext as _

    if assignee_id in ("", None):
        return assignee_id
    try:
        assignee = User.objects.filter(pk=int(assignee_id)).first()
    except (ValueError, TypeError, OverflowError):
        return assignee_id  # the assignment itself refuses it
    if assignee is not None and is_recused(assignee, report):
        raise CaseError(_("Choose a member of this case's team."))
    return assignee_id


def restrict_to_visible(reports, user):
    """`reports` narrowed to those in a queue of one of the user's teams (no id lists),
    without those about the user themselves."""
    if is_operator(user):
        return without_recused(reports.filter(queue__isnull=False), user)
    return without_recused(
        reports.filter(queue__in=Queue.objects.filter(team__in=teams_of(user))), user
    )


def team_for(user, slug: str) -> Team:
    team = teams_of(user).filter(slug=slug).first()
    if team is None:
        raise Http404
    return team


def queue_for(user, team_slug: str, queue_slug: str) -> Queue:
    team = team_for(user, team_slug)
    queue = Queue.objects.filter(team=team, slug=queue_slug).select_related("team").first()
    if queue is None:
        raise Http404
    return queue


def case_for(user, reference: str, *, within=None) -> Report:
    """The case `reference` among those `user` may see (narrowed to `within`, a queryset of
    reports, when given: e.g. an API token's one team); 404 otherwise."""
    visible = visible_cases(user)
    if within is not None:
        visible = visible & within
    report = (
        visible.select_related("wiki", "queue__team", "assignee", "duplicate_of")
        .filter(reference=reference)
        .first()
    )
    if report is None:
        raise Http404
    return report


class ReadOnlyCase(PermissionDenied):
    """The user's team escalated the case away: they may read it, not act on it."""

    def __init__(self, former: FormerTeamAccess):
        super().__init__()
        self.former = former


def former_access(user, reference: str) -> FormerTeamAccess | None:
    """The read access one of `user`'s teams kept to case `reference` when it escalated it
    away (not restricted since, not a recusal), with the case; None otherwise. One query."""
    if not user.is_authenticated:
        return None
    rows = FormerTeamAccess.objects.filter(
        report__reference=reference,
        restricted_at__isnull=True,
        report__queue__isnull=False,
        team__in=teams_of(user),
    )
    return (
        without_recused(rows, user, prefix="report__")
        .select_related(
            "team", "queue", "to_team", "report__wiki", "report__queue__team", "report__assignee"
        )
        .order_by("-escalated_at", "-id")
        .first()
    )


def case_to_read(user, reference: str) -> tuple[Report, FormerTeamAccess | None]:
    """(case, None) when `user` works case `reference`; (case, their team's former access)
    when their team escalated it away and may still read it; 404 otherwise."""
    try:
        return case_for(user, reference), None
    except Http404:
        former = former_access(user, reference)
        if former is None:
            raise
        return former.report, former


def case_to_work(user, reference: str) -> Report:
    """`case_for`, but a former team's member is told why they may not act (ReadOnlyCase)
    instead of a 404; anyone else still gets the 404."""
    try:
        return case_for(user, reference)
    except Http404:
        former = former_access(user, reference)
        if former is None:
            raise
        raise ReadOnlyCase(former) from None


def is_lead(user, team: Team) -> bool:
    if is_operator(user):
        return True
    return TeamMembership.objects.filter(team=team, user=user, is_lead=True).exists()


def require_lead(user, team: Team) -> None:
    if not is_lead(user, team):
        raise PermissionDenied


def own_report(user, reference: str) -> Report:
    """A reporter's own report that is a case (sent to a desk queue); 404 for anyone else's."""
    if not user.is_authenticated:
        raise Http404
    report = Report.objects.filter(reference=reference, reporter=user).first()
    if report is None:
        raise Http404
    return report
