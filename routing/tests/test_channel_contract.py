"""The contract every delivery channel passes, run against each real far end.

A channel: returns an external reference when it delivered; raises a retryable
DeliveryError for a temporary failure and a permanent one for a permanent failure; refuses a
destination missing its fields; and, when it claims `recognises_resend`, a re-send of the
same delivery after a crash produces no second distinct effect.
"""

from collections import Counter

import pytest

from routing import registry
from routing.channels.base import DeliveryError
from routing.channels.email import message_id
from routing.models import Delivery
from routing.tests.conftest import BOARD, make_report

pytestmark = pytest.mark.django_db


class EmailFarEnd:
    kind = "email"

    def __init__(self, request):
        self.smtp = request.getfixturevalue("smtp")

    def destination(self, problem=None):
        address = {
            None: "r@example.org",
            "temporary": "r@busy.invalid",
            "permanent": "r@refused.invalid",
        }[problem]
        return {"kind": "email", "to": [address]}

    def effects(self, delivery):
        return Counter(m.message_id for m in self.smtp.captured())

    def dedup_id(self, delivery):
        return message_id(delivery)


class NoticeFarEnd(EmailFarEnd):
    """Notification emails (routing.notices): the same real SMTP server."""

    kind = "notice"

    def destination(self, problem=None):
        to = super().destination(problem)["to"]
        return {"kind": "notice", "to": to, "subject": "A new case", "text": "Have a look."}


class WebhookFarEnd:
    kind = "webhook"

    def __init__(self, request):
        self.receiver = request.getfixturevalue("webhook")

    def destination(self, problem=None):
        if problem == "temporary":
            self.receiver.respond_with(503)
        elif problem == "permanent":
            self.receiver.respond_with(404)
        return {"kind": "webhook", "url": self.receiver.url, "secret": "test-hook"}

    def effects(self, delivery):
        return Counter(r.headers["X-IRS-Delivery"] for r in self.receiver.received())

    def dedup_id(self, delivery):
        return delivery.idempotency_key


class CaseEventFarEnd(WebhookFarEnd):
    """A team's case events (registered by the api app): the same signed-webhook receiver."""

    kind = "case_event"

    def destination(self, problem=None):
        from api.models import TeamWebhook  # the app above routing that brings this channel

        url = super().destination(problem)["url"]
        team = self.request.getfixturevalue("community_team")
        hook = TeamWebhook.objects.create(
            team=team, url=url, secret=self.receiver.secret, events=["case.updated"]
        )
        return {
            "kind": "case_event",
            "webhook": hook.pk,
            "event": "case.updated",
            "payload": {"event": "case.updated"},
        }

    def __init__(self, request):
        super().__init__(request)
        self.request = request


class DeskFarEnd:
    kind = "desk"

    def __init__(self, request):
        self.team = request.getfixturevalue("community_team")

    def destination(self, problem=None):
        if problem == "temporary":
            pytest.skip("a row in our own database has no temporary failure of its own")
        # A queue that does not exist is no failure: the report goes to the fallback queue
        # (test_desk_routing.py). A destination without its queue is a permanent one.
        queue = "" if problem == "permanent" else "reports"
        return {"kind": "desk", "team": self.team.slug, "queue": queue}

    def effects(self, delivery):
        delivery.report.refresh_from_db()
        return Counter([delivery.report.queue_id] if delivery.report.queue_id else [])


class NoticeboardFarEnd:
    kind = "noticeboard"

    def __init__(self, request):
        self.wiki = request.getfixturevalue("board")
        self.request = request

    def destination(self, problem=None):
        page = BOARD
        if problem == "temporary":
            self.wiki.stop()
            self.request.addfinalizer(self.wiki.start)
        elif problem == "permanent":
            page = "Project:Locked board"
            self.wiki.edit(page, "Locked.\n")
            self.wiki.protect(page)
        return {"kind": "noticeboard", "page": page, "credential": "testwiki-bot"}

    def effects(self, delivery):
        text = self.wiki.wikitext(BOARD)
        heading = f"Report {delivery.report.reference}"
        return Counter({heading: text.count(heading)} if heading in text else {})


class WikiUserFarEnd:
    """A statement of reasons on a user talk page of the same real MediaWiki."""

    kind = "wiki-user"
    user = "Contractuser"

    def __init__(self, request):
        import uuid

        self.wiki = request.getfixturevalue("board")
        self.request = request
        self.subject = f"Decision {uuid.uuid4().hex[:8]}"
        if not getattr(self.wiki, "_contract_user", False):
            self.wiki.create_user(self.user)
            self.wiki._contract_user = True

    @property
    def page(self):
        return f"User talk:{self.user}"

    def destination(self, problem=None):
        if problem == "temporary":
            self.wiki.stop()
            self.request.addfinalizer(self.wiki.start)
        elif problem == "permanent":
            self.user = "Lockeduser"  # a talk page only sysops may edit
            self.wiki.edit(self.page, "Locked.\n")
            self.wiki.protect(self.page)
        return {
            "kind": "wiki-user",
            "user": self.user,
            "channel": "user-talk",
            "credential": "testwiki-bot",
            "subject": self.subject,
            "text": "What was done: a warning.",
        }

    def effects(self, delivery):
        text = self.wiki.wikitext(self.page)
        return Counter({self.subject: text.count(self.subject)} if self.subject in text else {})


class EvidenceFarEnd:
    """Evidence capture (reports.evidence) from a real MediaWiki: a re-send captures once."""

    kind = "evidence"
    page = "Talk:Contract evidence"

    def __init__(self, request):
        from testing.mediawiki import irs_wiki_for

        request.getfixturevalue("insecure_urls")
        self.mediawiki = request.getfixturevalue("mediawiki")
        self.wiki = irs_wiki_for(self.mediawiki)
        self.request = request
        self.mediawiki.edit(self.page, "== A topic ==\nHello. ~~~~\n")
        self.revision = self.mediawiki.latest_revision(self.page)

    def report(self, wiki, reporter):
        return make_report(
            self.wiki, reporter, page_title=self.page, revision_id=self.revision, source="tools"
        )

    def destination(self, problem=None):
        if problem == "temporary":
            self.mediawiki.stop()
            self.request.addfinalizer(self.mediawiki.start)
        elif problem == "permanent":
            self.revision = 1  # the wiki's first revision, of another page
        return {"kind": "evidence"}

    def effects(self, delivery):
        delivery.report.refresh_from_db()
        evidence = delivery.report.evidence or {}
        return Counter([evidence["captured_at"]] if evidence.get("status") == "captured" else [])


class TransparencyFarEnd:
    """Statements of reasons to the stand-in Transparency Database (registered by the
    transparency app): a batch of one statement, for the report's decision."""

    kind = "transparency"
    token = "X|contract-token"

    def __init__(self, request):
        from transparency.tests.receiver import TransparencyDatabase

        self.database = TransparencyDatabase(self.token).start()
        request.addfinalizer(self.database.stop)
        request.getfixturevalue("insecure_urls")
        monkeypatch = request.getfixturevalue("monkeypatch")
        monkeypatch.setenv("IRS_SECRET_CONTRACT_DSA", self.token)
        monkeypatch.setenv("IRS_SECRET_CONTRACT_DSA_WIKIS", "demowiki")

    def destination(self, problem=None):
        if problem == "temporary":
            self.database.answers.append(503)
        elif problem == "permanent":
            self.database.answers.append(400)
        return {"kind": "transparency", "url": self.database.url, "secret": "contract-dsa"}

    def attach(self, delivery):
        from desk.models import Decision
        from transparency import statements
        from transparency.models import Submission

        decision = Decision.objects.create(
            report=delivery.report, actions=["content-removed"], ground="ucoc-3.1", facts="Facts."
        )
        statement = statements.build(decision)
        Submission.objects.create(
            decision=decision, puid=statement["puid"], statement=statement, delivery=delivery
        )

    def effects(self, delivery):
        return Counter(puid for batch in self.database.batches for puid in batch)


FAR_ENDS = {
    "email": EmailFarEnd,
    "webhook": WebhookFarEnd,
    "desk": DeskFarEnd,
    "noticeboard": NoticeboardFarEnd,
    "notice": NoticeFarEnd,
    "wiki-user": WikiUserFarEnd,
    "evidence": EvidenceFarEnd,
    "case_event": CaseEventFarEnd,
    "transparency": TransparencyFarEnd,
}
MEDIAWIKI_KINDS = ("noticeboard", "evidence", "wiki-user")
KINDS = [
    pytest.param(kind, marks=[pytest.mark.mediawiki] if kind in MEDIAWIKI_KINDS else [])
    for kind in FAR_ENDS
]


@pytest.fixture
def far_end(request):
    return FAR_ENDS[request.param](request)


def report_for(far_end, wiki, reporter):
    """The report to deliver: on the far end's own wiki when it needs one (evidence)."""
    if hasattr(far_end, "report"):
        return far_end.report(wiki, reporter)
    return make_report(wiki, reporter)


def delivery_to(report, destination, far_end=None) -> Delivery:
    delivery = Delivery.objects.create(
        report=report, kind=destination["kind"], destination=destination, attempts=1
    )
    if hasattr(far_end, "attach"):
        far_end.attach(delivery)  # what the channel sends besides the report (statements)
    return Delivery.objects.select_related("report__wiki").get(pk=delivery.pk)


def test_every_registered_channel_is_under_contract():
    assert set(FAR_ENDS) == set(registry.kinds())


@pytest.mark.parametrize("far_end", KINDS, indirect=True)
def test_a_successful_send_returns_an_external_reference(far_end, wiki, reporter):
    destination = far_end.destination()
    delivery = delivery_to(report_for(far_end, wiki, reporter), destination, far_end)

    reference = registry.channel_for(far_end.kind, destination).send(delivery)

    assert isinstance(reference, str) and reference
    assert sum(far_end.effects(delivery).values()) == 1


@pytest.mark.parametrize("far_end", KINDS, indirect=True)
def test_a_temporary_failure_is_retryable(far_end, wiki, reporter):
    destination = far_end.destination("temporary")
    delivery = delivery_to(report_for(far_end, wiki, reporter), destination, far_end)

    with pytest.raises(DeliveryError) as failure:
        registry.channel_for(far_end.kind, destination).send(delivery)

    assert failure.value.permanent is False and str(failure.value)


@pytest.mark.parametrize("far_end", KINDS, indirect=True)
def test_a_permanent_failure_is_permanent(far_end, wiki, reporter):
    destination = far_end.destination("permanent")
    delivery = delivery_to(report_for(far_end, wiki, reporter), destination, far_end)

    with pytest.raises(DeliveryError) as failure:
        registry.channel_for(far_end.kind, destination).send(delivery)

    assert failure.value.permanent is True and str(failure.value)


@pytest.mark.parametrize("far_end", KINDS, indirect=True)
def test_a_resend_after_a_crash_is_recognisably_the_same(far_end, wiki, reporter):
    channel_class = registry.channel_class(far_end.kind)
    if not channel_class.recognises_resend:
        pytest.skip(f"{far_end.kind} does not claim to recognise a re-send")
    destination = far_end.destination()
    delivery = delivery_to(report_for(far_end, wiki, reporter), destination, far_end)

    first = channel_class(destination).send(delivery)
    delivery.attempts = 2  # the worker died before recording the first send
    second = channel_class(destination).send(delivery)

    assert first == second
    effects = far_end.effects(delivery)
    ((seen, count),) = effects.items()  # exactly one distinct effect or id at the far end
    if hasattr(far_end, "dedup_id"):
        # Both sends arrive (SMTP and HTTP cannot refuse a repeat), each with the id the far
        # end drops repeats on: the same, and the delivery's own.
        assert count == 2 and seen == far_end.dedup_id(delivery)
    else:
        assert count == 1  # the channel itself recognised the re-send: one effect


@pytest.mark.parametrize("kind", list(FAR_ENDS))
def test_a_destination_missing_its_fields_is_refused(kind):
    channel_class = registry.channel_class(kind)

    # A kind with no fields of its own (evidence: everything is in the report) has nothing
    # to miss; every other one names what is missing.
    assert bool(channel_class.validate({"kind": kind})) == bool(channel_class.required)
    assert channel_class.validate("not an object")
    assert str(channel_class.label)
