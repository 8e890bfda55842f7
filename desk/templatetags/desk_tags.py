from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _

from desk import cases, clocks, decisions, unread, withdrawal
from desk.models import EventKind
from desk.notices import decision_facts
from desk.queues import wiki_names
from reports.models import Status
from wikis.models import Wiki

register = template.Library()


@register.simple_tag(takes_context=True)
def reporter_conversation(context, report):
    """What the reporter's page shows of a case: status, messages and replies, a reply form.
    Rendering it to the reporter marks the responders' messages read (desk.unread)."""
    is_case = report.queue_id is not None
    request = context.get("request")
    if is_case and request is not None and request.user.pk == report.reporter_id:
        unread.mark_seen(request.user, report)
    events = cases.reporter_timeline(report) if is_case else []
    for event in events:
        if event.kind == EventKind.STATUS:
            event.status_label = _status_label(event.data.get("status"))
    return {
        "is_case": is_case,
        "events": events,
        "limit": cases.MESSAGE_MAX,
        "replies_closed": is_case and withdrawal.replies_closed(report),
    }


@register.filter
def desk_status(value) -> str:
    """A case's status as responders read it."""
    try:
        return str(cases.status_label(value))
    except ValueError:
        return value or ""


def _status_label(value) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return ""


@register.simple_tag
def reporter_decision(report, user):
    """What the reporter's page shows of the decision: the latest decision of the case (or of
    the case it was merged into) in the reporter's words, the expected times, the appeal."""

    result = {"expected": None, "decision": None}
    if report.queue_id is None or not report.filed:
        return result
    case = report.duplicate_of or report
    if report.status != Status.WITHDRAWN:  # a withdrawn report waits for nobody
        result["expected"] = clocks.expected(report)
    decision = decisions.latest(case)
    if decision is None:
        return result
    result.update(
        decision=decision,
        case=case,
        duplicate=case.pk != report.pk,
        facts=decision_facts(decision, report.language),
        appeal=decision.appeals.filter(appellant=user).first(),
        problem=decisions.can_contest(decision, user),
        limit=decisions.APPEAL_MAX,
    )
    return result


@register.simple_tag
def report_withdrawal(report):
    """Whether the report's reporter may withdraw it now (desk.withdrawal), and the timeline
    entry of its withdrawal when it was withdrawn (when, by whom, the reason)."""
    return {
        "can": withdrawal.refusal(report) is None,
        "event": withdrawal.withdrawal_event(report),
    }


@register.simple_tag
def history_url(report) -> str:
    """The reported user's history page (desk.history) for the case page's link."""
    query = urlencode({"name": report.reported_user, "from": report.reference})
    return reverse("desk:reported_user", args=[report.wiki.slug]) + "?" + query


@register.simple_tag(takes_context=True)
def reporter_unread(context, reports) -> set:
    """Ids of the listed reports with a responders' message the viewer has not read yet."""
    request = context.get("request")
    if request is None:
        return set()
    return unread.unread_messages(request.user, reports)


@register.simple_tag(takes_context=True)
def wiki_name(context, wiki) -> str:
    """A wiki (or its slug) as people know it everywhere else: the name its configuration
    gives, else the slug. Read once per wiki for each page, from the view's `wiki_names`
    (desk.queues.wiki_names) when it has them, else from the database (a rename shows at
    once)."""
    slug = str(getattr(wiki, "slug", wiki) or "")
    names = context.render_context.setdefault("desk_wiki_names", {})
    if slug not in names:
        known = context.get("wiki_names") or {}
        if slug in known:
            names[slug] = known[slug]
        else:
            found = wiki if isinstance(wiki, Wiki) else Wiki.objects.filter(slug=slug).first()
            configs = {slug: found.read_config()} if found else {}
            names[slug] = wiki_names(configs).get(slug, slug)
    return names[slug]


@register.simple_tag
def clock_badge(clock) -> str:
    """A running response-time clock (desk.clocks.state) as the queue and the case page show
    it: time left, overdue by how long, or stopped while waiting for the reporter. A tag, not
    an included template: the queue shows one per row."""
    label = str(clock["label"])
    classes = "clock" + (" overdue" if clock["overdue"] else "")
    if clock["paused"]:
        text = _("Clock stopped (%(clock)s): waiting for the reporter") % {"clock": label}
        return format_html('<span class="{} paused">{}</span>', classes, text)
    if clock["overdue"]:
        text = _("Overdue (%(clock)s) by %(since)s") % {
            "clock": label,
            "since": timesince(clock["due"]),
        }
        return format_html('<span class="{}"><strong>{}</strong></span>', classes, text)
    text = _("%(left)s left (%(clock)s)") % {"left": timeuntil(clock["due"]), "clock": label}
    return format_html('<span class="{}">{}</span>', classes, text)
