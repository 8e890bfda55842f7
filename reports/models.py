import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise

# Reference numbers avoid letters and digits that are easy to confuse (0/O, 1/I/L).
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    body = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"R-{body[:4]}-{body[4:]}"


class Flow(models.TextChoices):
    EMERGENCY = "emergency", _("Immediate threat of physical harm")
    NON_EMERGENCY = "non-emergency", _("Unacceptable user behavior")


class HarmSubtype(models.TextChoices):
    PHYSICAL = "physical-harm", _("Threats of physical harm")
    SELF = "self-harm", _("Threats of self-harm")
    PUBLIC = "public-harm", _("Threats of public harm")


# One line each, with an example, shown under the kinds of threat: the original's testers
# could not tell "someone might harm themselves" from "a threat against the public".
HARM_DESCRIPTIONS: dict[str, StrOrPromise] = {
    HarmSubtype.PHYSICAL: _(
        "Someone threatens to hurt a particular person. For example: “I know where you live "
        "and I will make you pay.”"
    ),
    HarmSubtype.SELF: _(
        "Someone says they may hurt or kill themselves. For example: “I can't go on, tonight "
        "I will end it.”"
    ),
    HarmSubtype.PUBLIC: _(
        "Someone threatens violence against many people or a place. For example: a threat to "
        "attack a school, an event or a building."
    ),
}


class Source(models.TextChoices):
    TOOLS = "tools", _("Tools menu")
    COMMENT = "comment", _("Talk-page comment")
    TOPIC = "topic", _("Topic header")
    USER = "user", _("User page")
    URL = "url", _("Link")


class Status(models.TextChoices):
    # Only support information was shown; nothing was sent to responders.
    INFORMATION = "information", _("Support information shown")
    NEW = "new", _("Received")
    TRIAGED = "triaged", _("Triaged")
    IN_PROGRESS = "in-progress", _("In progress")
    WAITING = "waiting-for-reporter", _("Waiting for your reply")
    ESCALATED = "escalated", _("Escalated")
    RESOLVED = "resolved", _("Resolved")
    NOT_ACTIONABLE = "closed-not-actionable", _("Closed: not actionable")
    DUPLICATE = "closed-duplicate", _("Closed: duplicate")
    # The reporter asked for their data to be erased before a decision (privacy.erasure).
    WITHDRAWN = "withdrawn", _("Withdrawn by the reporter")


# What each status means for the reporter, in one line (My reports and a report's page).
STATUS_EXPLANATIONS: dict[str, StrOrPromise] = {
    Status.INFORMATION: _("You were shown support information; nothing was sent to responders."),
    Status.NEW: _("Your report arrived and is waiting for a responder to look at it."),
    Status.TRIAGED: _("A responder has looked at it and it is in line to be worked on."),
    Status.IN_PROGRESS: _("A responder is working on it. You will be told the decision."),
    Status.WAITING: _(
        "The responders asked you something: answer on the report's page so they can go on."
    ),
    Status.ESCALATED: _(
        "It was passed to another team that can act on it. You will be told the decision."
    ),
    Status.RESOLVED: _(
        "The responders decided. The report's page says what and how to contest it."
    ),
    Status.NOT_ACTIONABLE: _(
        "The responders closed it without action. The report's page says why and how to contest it."
    ),
    Status.DUPLICATE: _(
        "It was joined to another report about the same thing; that report's decision applies."
    ),
    Status.WITHDRAWN: _(
        "You withdrew it. Nothing more is done with it; it is kept for the record."
    ),
}


# A case is open in one of these (the desk works it); every other status is closed. The
# desk's partial index below and desk.queues.OPEN_SQL are made from this one list.
OPEN_STATUSES = [Status.NEW, Status.TRIAGED, Status.IN_PROGRESS, Status.WAITING, Status.ESCALATED]
# A case is closed in one of these: nothing more happens to it unless someone reopens it. The
# one list for the desk's queues, the metrics' backlog and closings, and the retention clock;
# a withdrawn case is closed (nobody works it any more; it is kept for the record).
CLOSED_STATUSES = [Status.RESOLVED, Status.NOT_ACTIONABLE, Status.DUPLICATE, Status.WITHDRAWN]
# What the metrics count reports by (their indexes carry it: metrics_report_*_idx).
METRICS_COLUMNS = [
    "filed", "wiki", "queue", "flow", "incident_type", "harm_subtype", "trusted_flagger",
    "status", "first_response_at", "decided_at", "waiting_since", "paused_seconds",
    "reported_user", "updated_at",
]  # fmt: skip


class Outcome(models.TextChoices):
    """Derived from the case's latest decision (desk.decisions), never set on its own."""

    NONE = "", _("Not decided")
    ACTION_TAKEN = "action-taken", _("Action taken")
    NO_ACTION = "no-action", _("No action")
    REFERRED = "referred", _("Referred")


class ReportQuerySet(models.QuerySet):
    def filed_since(self, reporter, wiki, since):
        """Reports sent to responders by that reporter on that wiki since a time (rate limits)."""
        return self.filter(reporter=reporter, wiki=wiki, filed=True, created_at__gte=since)

    def by_reporter(self, reporter):
        return self.filter(reporter=reporter)


class Report(models.Model):
    """One report, stored before anything else happens. Never deleted by the application; its
    personal data is pseudonymised when its retention period ends (privacy/, docs/privacy.md)."""

    reference = models.CharField(max_length=16, unique=True, default=new_reference, editable=False)
    wiki = models.ForeignKey("wikis.Wiki", on_delete=models.PROTECT, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reports"
    )
    # The reporter's name on that wiki at the time of the report (what responders see).
    reporter_username = models.CharField(max_length=255)
    reporter_email = models.EmailField(blank=True)

    flow = models.CharField(max_length=16, choices=Flow.choices)
    incident_type = models.CharField(max_length=64, blank=True)
    harm_subtype = models.CharField(max_length=16, choices=HarmSubtype.choices, blank=True)
    reported_user = models.CharField(max_length=255, blank=True)
    # The wiki's user list answered that it has this user (reports.reported_user); False when
    # no user was named or the wiki could not be asked (the name is then as typed).
    reported_user_checked = models.BooleanField(default=False)

    page_title = models.CharField(max_length=512, blank=True)
    revision_id = models.PositiveBigIntegerField(null=True, blank=True)
    thread_id = models.CharField(max_length=512, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.URL)

    details = models.TextField(blank=True)
    something_else_text = models.TextField(blank=True)
    direct_report_text = models.TextField(blank=True)
    # True when the report was sent to responders, False when only support was shown.
    filed = models.BooleanField(default=False)

    language = models.CharField(max_length=16, default="en")
    evidence = models.JSONField(null=True, blank=True)

    status = models.CharField(max_length=32, choices=Status.choices, default=Status.NEW)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True, default="")
    queue = models.ForeignKey(
        "desk.Queue", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_reports",
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )

    # Filed by a trusted flagger of the wiki (wikis.accountability): sorted first in its band.
    trusted_flagger = models.BooleanField(default=False)
    # Response-time clocks (desk.clocks): the first response to the reporter, the first
    # decision, and the time spent waiting for the reporter (the clocks stand still then).
    first_response_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    waiting_since = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0)

    # A random token from the form the reporter submitted: the same token twice is one report.
    submission_token = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "submission_token"], name="one_report_per_submission"
            ),
        ]
        indexes = [
            models.Index(fields=["wiki", "reporter", "created_at"], name="report_rate_limit_idx"),
            # A reporter's earlier reports on a case page (desk.case_page.earlier_reports),
            # counted by outcome from the index alone: with the columns the viewer's
            # restrictions test (status, queue, recusal), however many a reporter has filed.
            models.Index(
                fields=[
                    "wiki",
                    "reporter",
                    "created_at",
                    "status",
                    "outcome",
                    "queue",
                    "reported_user",
                ],
                name="report_reporter_history_idx",
            ),  # fmt: skip
            models.Index(fields=["queue", "status", "created_at"], name="report_queue_idx"),
            # The desk's queue pages (desk/queues.py), in priority order: emergency first,
            # then oldest. Open cases of a queue, with the columns its filters test, so a
            # filtered count reads the index alone (small however many closed cases pile up).
            models.Index(
                fields=[
                    "queue",
                    "flow",
                    "created_at",
                    "id",
                    "incident_type",
                    "harm_subtype",
                    "assignee",
                    "wiki",
                ],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="desk_report_open_cover_idx",
            ),  # fmt: skip
            # One status of a queue; every case of a queue; the cases assigned to someone.
            models.Index(
                fields=["queue", "status", "flow", "created_at", "id"],
                name="desk_report_queue_status_idx",
            ),  # fmt: skip
            models.Index(
                fields=["queue", "flow", "created_at", "id"], name="desk_report_queue_all_idx"
            ),  # fmt: skip
            models.Index(
                fields=["assignee", "queue", "flow", "created_at", "id"],
                name="desk_report_assignee_idx",
            ),  # fmt: skip
            # Earlier reports about the same user, on a case page.
            models.Index(
                fields=["wiki", "reported_user", "created_at"], name="desk_report_reported_user_idx"
            ),  # fmt: skip
            # The metrics dashboards and the transparency report (metrics/counts.py): the
            # reports of a period with every column they count by, so PostgreSQL reads the
            # index alone however long the history before the period; the cases open now; the
            # closed ones by their last change (the backlog); first decisions by their time.
            models.Index(fields=["created_at", *METRICS_COLUMNS], name="metrics_report_period_idx"),
            models.Index(
                fields=["queue", "created_at", *[c for c in METRICS_COLUMNS if c != "queue"]],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="metrics_report_open_idx",
            ),
            models.Index(
                fields=[
                    "updated_at",
                    "created_at",
                    *[c for c in METRICS_COLUMNS if c != "updated_at"],
                ],
                condition=models.Q(status__in=CLOSED_STATUSES),
                name="metrics_report_closed_idx",
            ),  # fmt: skip
            models.Index(
                fields=["decided_at", "created_at", "wiki"], name="metrics_report_decided_idx"
            ),
            # Recusal (desk.access): the cases about one responder, by their account's name
            # compared ignoring case, which desk.counts subtracts from index-only counts.
            models.Index(models.F("wiki"), Upper("reported_user"), name="report_recusal_idx"),
            # A case's duplicates in their order (the case page, the decision notices). Only
            # merged reports are in it: with the foreign key's own index, where nearly every
            # row is NULL, SQLite's statistics said a case has thousands of duplicates and it
            # scanned the whole table in created_at order instead.
            models.Index(
                fields=["duplicate_of", "created_at"],
                condition=models.Q(duplicate_of__isnull=False),
                name="report_duplicates_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_emergency(self) -> bool:
        return self.flow == Flow.EMERGENCY

    @property
    def status_explanation(self) -> str:
        return str(STATUS_EXPLANATIONS.get(self.status, ""))


class MisuseKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    SUSPENSION = "suspension", _("Suspension")


class MisuseMeasure(models.Model):
    """A warning or a suspension of a reporter who filed manifestly unfounded reports on a
    wiki (DSA art. 23). A suspension refuses non-emergency reports until `ends_at`, unless
    a lead lifted it. Written by desk.misuse; never deleted."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="misuse_measures"
    )
    wiki = models.ForeignKey("wikis.Wiki", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=MisuseKind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    # The references of the manifestly unfounded reports that led to it.
    reports = models.JSONField(default=list)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["reporter", "wiki", "kind", "created_at"], name="misuse_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.reporter_id} on {self.wiki_id}"

    def in_force(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.kind == MisuseKind.SUSPENSION
            and self.lifted_at is None
            and self.ends_at is not None
            and self.ends_at > now
        )
