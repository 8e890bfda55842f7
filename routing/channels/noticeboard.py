"""Noticeboard: a new section on a wiki page, posted through the MediaWiki Action API.

Only for types the community made public. The reporter's identity is never posted (the form
told them it goes privately to responders). Every piece of user text is inert wikitext: it
sits inside <nowiki> with `<`, `>` and `&` turned into entities, so no template, link,
category, signature, section break or closing tag can take effect.
"""

import re
from contextlib import contextmanager

from django.utils import translation
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from routing import conf, secrets
from routing.channels.base import Channel, DeliveryError
from routing.content import config_of, content_language, facts, one_line
from wikis import actionapi

_TITLE_UNSAFE = re.compile(r"[\[\]{}<>|=~'&#_\\*:;!]")


@contextmanager
def as_delivery_error():
    """The wiki client's failures as the outbox's: temporary ones retried (no sooner than the
    wiki asked), the rest dead at once."""
    try:
        yield
    except actionapi.APIError as error:
        raise DeliveryError(
            f"wiki: {error.message}", permanent=not error.temporary, retry_after=error.retry_after
        ) from error


def inert(text: str) -> str:
    """User text as wikitext that renders literally, one line per line of input."""
    lines = str(text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    escaped = [
        line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for line in lines
    ]
    return "<br />".join(f"<nowiki>{line}</nowiki>" for line in escaped)


def section_title(text: str) -> str:
    """A heading made only of plain words: nothing that wikitext would interpret."""
    return re.sub(r"\s+", " ", _TITLE_UNSAFE.sub(" ", one_line(text, 200))).strip()


def marker(delivery) -> str:
    """In the edit summary, so a re-send after a crash finds the edit it already made."""
    return f"irs-delivery:{delivery.idempotency_key}"


class NoticeboardChannel(Channel):
    kind = "noticeboard"
    label = _("On-wiki noticeboard")
    recognises_resend = True  # looks for its own edit summary before posting again
    required = {"page": str, "credential": str}

    @classmethod
    def check_for_wiki(cls, destination, wiki, config):
        name = destination["credential"]
        if not secrets.credential_bound(name, wiki):
            return [
                str(
                    _(
                        "The operators hold no bot credential named “%(name)s” for this wiki. Ask "
                        "them to set it up for this wiki first."
                    )
                )
                % {"name": name}
            ]
        api_url = ((config or {}).get("wiki") or {}).get("api_url", "")
        if not secrets.same_api(api_url, secrets.credential_api(name)):
            return [
                str(
                    _(
                        "The bot credential “%(name)s” may only be used with the API address the "
                        "operators set for it, and the wiki's API URL is a different one."
                    )
                )
                % {"name": name}
            ]
        return []

    @classmethod
    def summarize(cls, destination):
        return str(_("Noticeboard %(page)s")) % {"page": destination.get("page", "?")}

    # --- text ----------------------------------------------------------------------------

    def wikitext(self, delivery) -> tuple[str, str]:
        report = delivery.report
        language = content_language(report)
        with translation.override(language):
            f = facts(report, language)
            title = section_title(
                gettext("Report %(reference)s: %(type)s")
                % {"reference": f.reference, "type": f.type_label}
            )
            rows = [
                (pgettext("routing", "Reference"), inert(f.reference)),
                (pgettext("routing", "Type"), inert(f.type_label)),
                (gettext("Reported user"), inert(f.reported_user or gettext("(not given)"))),
            ]
            if f.page_title:
                rows.append((pgettext("routing", "Page"), inert(f.page_title)))
            if f.permalink:
                rows.append((gettext("Where it happened"), inert(f.permalink)))
            lines = [f"; {inert(label)}\n: {value}" for label, value in rows]
            for heading, body in (
                (gettext("What happened"), f.something_else),
                (pgettext("routing", "Details"), f.details),
                (gettext("Message to the responders"), f.direct_report),
            ):
                if body:
                    lines.append(f"; {inert(heading)}\n: {inert(body)}")
            lines.append(inert(gettext("Posted by the incident reporting system.")))
        return title, "\n".join(lines)

    # --- API -----------------------------------------------------------------------------

    def api_url(self, delivery) -> str:
        """The API the credential is bound to, which must be the wiki's configured one: the
        bot password is never sent anywhere else."""
        name = self.destination["credential"]
        _user, _password, bound = secrets.credential(name, delivery.report.wiki)
        url = config_of(delivery.report).get("wiki", {}).get("api_url", "")
        if not secrets.same_api(url, bound):
            raise DeliveryError(
                f"wiki API URL {one_line(url, 200)!r} is not the API credential {name!r} is "
                f"bound to (IRS_CREDENTIAL_{secrets.env_name(name)}_API): no login attempted",
                permanent=True,
            )
        return bound

    def login(self, api, wiki) -> None:
        user, password, _api = secrets.credential(self.destination["credential"], wiki)
        try:
            api.login(user, password)
        except actionapi.APIError as error:
            if error.code != "login":
                raise
            raise DeliveryError(
                f"wiki login refused for credential {self.destination['credential']!r}: "
                f"{one_line(error.message, 200)}",
                permanent=True,
            ) from None

    def earlier_edit(self, api, delivery) -> int | None:
        """The revision this delivery already made, if an earlier attempt got that far."""
        data = api.get(
            action="query",
            prop="revisions",
            titles=self.page,
            rvprop="ids|comment",
            rvlimit="50",
        )
        for page in data.get("query", {}).get("pages", []):
            for revision in page.get("revisions", []):
                if marker(delivery) in revision.get("comment", ""):
                    return int(revision["revid"])
        return None

    @property
    def page(self) -> str:
        """The page the new section goes to."""
        return self.destination["page"]

    def send(self, delivery) -> str:
        problems = self.validate(self.destination)
        if problems:
            raise DeliveryError("; ".join(problems), permanent=True)
        url = self.api_url(delivery)
        with as_delivery_error(), actionapi.ActionAPI(url, timeout=conf.http_timeout()) as api:
            self.login(api, delivery.report.wiki)
            return self.post_section(api, delivery)

    def post_section(self, api, delivery) -> str:
        """Add the delivery's section to `self.page` (logged in), unless an earlier attempt
        already did: then that edit's revision id, so a re-send makes no second section."""
        if delivery.attempts > 1:
            earlier = self.earlier_edit(api, delivery)
            if earlier:
                return str(earlier)
        title, text = self.wikitext(delivery)
        result = api.post(
            action="edit",
            title=self.page,
            section="new",
            sectiontitle=title,
            text=text,
            summary=f"{title} ({marker(delivery)})",
            token=api.token(),
            **{"assert": "user"},
        )["edit"]
        if result.get("result") != "Success" or "newrevid" not in result:
            raise DeliveryError(f"wiki did not save the edit: {one_line(str(result), 300)}")
        return str(result["newrevid"])
