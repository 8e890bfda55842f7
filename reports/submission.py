"""The one write path for reports.

`submit()` runs in one transaction: it decides eligibility under the person's account lock
(the form pages checked it too, but facts and counts may have changed; a submitting form
leaves it to this one decision), creates the report unless this submission token has already
made one, and records its deliveries (the outbox) in the same transaction. A refused
submission raises Refused and changes nothing. The transaction holds nothing slow: the
person's facts are refreshed before it, and local deliveries (the desk) run after it
(routing/outbox.py).
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language

from accounts.providers import account_on
from reports import eligibility, evidence
from reports.location import Location
from reports.models import Flow, Report, Status, new_reference
from reports.signals import report_stored
from wikis import accountability

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class Refused(Exception):
    def __init__(self, decision: eligibility.Decision, account=None):
        super().__init__(decision.reason)
        self.decision = decision
        self.account = account


@dataclass
class Submission:
    """What the reporter chose and wrote; the views build it from their forms."""

    flow: str
    token: str
    location: Location = field(default_factory=Location)
    harm_subtype: str = ""
    incident_type: str = ""
    reported_user: str = ""
    reported_user_checked: bool = False
    details: str = ""
    something_else_text: str = ""
    direct_report_text: str = ""
    # False: only support information was shown (an informational report).
    filed: bool = True


def _existing(user, token: str) -> Report | None:
    return Report.objects.filter(reporter=user, submission_token=token).first()


def submit(user, wiki, submission: Submission) -> Report:
    """Store the report (once per token) and plan its deliveries; raise Refused if not allowed."""
    if not TOKEN_PATTERN.match(submission.token or ""):
        raise ValueError("a submission needs a well-formed token")
    # The person's facts, refreshed by their identity provider before the transaction: a
    # remote provider is never asked while the database holds the submission's lock.
    account = account_on(user, wiki)
    for attempt in range(1, REFERENCE_ATTEMPTS + 1):
        reference = new_reference()
        try:
            with transaction.atomic():
                return _store(user, wiki, account, submission, reference)
        except IntegrityError:
            # Another request with the same token won the race: that one is the report.
            existing = _existing(user, submission.token)
            if existing is not None:
                return existing
            # Reference numbers are random: a clash with an existing one is rare but must not
            # lose a report (the whole transaction is tried again with another).
            clash = Report.objects.filter(reference=reference).exists()
            if not clash or attempt == REFERENCE_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _store(user, wiki, account, submission: Submission, reference: str) -> Report:
    """Inside the transaction: decide under the lock, then insert (a second submission with
    the same token fails on the unique token and finds the first: `submit`)."""
    # One submission at a time per person and wiki, so two can't both pass the limit.
    decision, locked = eligibility.check_under_lock(
        user, wiki, account, timezone.now(), submission.flow
    )
    if not decision.ok:
        # This very submission was stored before (a second click after the limit filled
        # up with it): it stays the report; it is not refused afterwards.
        existing = _existing(user, submission.token)
        if existing is not None:
            return existing
        raise Refused(decision, locked or account)
    report = _insert(user, wiki, locked, submission, reference)
    # Routing records the deliveries and the evidence capture in this transaction.
    if not report_stored.send(sender=Report, report=report):
        raise ImproperlyConfigured("no app records deliveries: is routing installed?")
    return report


# Reference numbers are random; a clash with an existing one is rare but must not lose a report.
REFERENCE_ATTEMPTS = 5


def _insert(user, wiki, account, submission: Submission, reference: str) -> Report:
    location = submission.location
    emergency = submission.flow == Flow.EMERGENCY
    return Report.objects.create(
        reference=reference,
        wiki=wiki,
        reporter=user,
        reporter_username=account.username,
        trusted_flagger=(submission.filed or emergency)
        and accountability.is_trusted_flagger(wiki.read_config(), account.username, account.groups),
        reporter_email=account.email if submission.filed else "",
        flow=submission.flow,
        incident_type="" if emergency else submission.incident_type,
        harm_subtype=submission.harm_subtype if emergency else "",
        reported_user=submission.reported_user,
        reported_user_checked=submission.reported_user_checked and bool(submission.reported_user),
        page_title=location.page,
        revision_id=location.revid,
        thread_id=location.thread,
        source=location.source,
        details=submission.details,
        something_else_text=submission.something_else_text,
        direct_report_text=submission.direct_report_text,
        filed=submission.filed or emergency,
        evidence=evidence.initial_state(location.page) if submission.filed or emergency else None,
        status=Status.NEW if (submission.filed or emergency) else Status.INFORMATION,
        language=get_language() or "en",
        submission_token=submission.token,
    )
