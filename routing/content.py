"""What a delivery says about a report: one set of facts every channel renders its own way."""

import re
from dataclasses import dataclass

from django.conf import settings

from reports import catalog, location

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u0085]+")


def one_line(text: str, limit: int = 200) -> str:
    """Text safe for a header or a title: no CR, LF or other control characters."""
    return _CONTROL.sub(" ", str(text or "")).strip()[:limit]


def config_of(report) -> dict:
    """The wiki's configuration in force, for reading: routing never changes it, so it takes
    the shared processed data (`Wiki.read_config`), once per report object."""
    cached = getattr(report, "_routing_config", None)
    if cached is None:
        cached = report.wiki.read_config()
        report._routing_config = cached
    return cached


def content_language(report) -> str:
    return config_of(report).get("wiki", {}).get("content_language") or "en"


def shares_identity(report) -> bool:
    """Whether the reporter was told their username and email go to the responders.

    Both flows that send anything say so on the form: the emergency form and the direct
    report to community responders. Support-only reports are never delivered at all.
    """
    return report.is_emergency or report.filed


def type_entry(report) -> dict | None:
    for entry in config_of(report).get("non_emergency", {}).get("types", []):
        if entry.get("key") == report.incident_type:
            return entry
    return None


def permalink(report) -> str:
    """The reported revision at the thread (or the page) on the wiki: reports.location's builder."""
    return location.permalink(
        config_of(report), report.revision_id, title=report.page_title, anchor=report.thread_id
    )


def case_url(report) -> str:
    return f"{settings.SITE_URL}/desk/cases/{report.reference}"


@dataclass
class ReportFacts:
    reference: str
    wiki_name: str
    wiki_slug: str
    emergency: bool
    flow: str
    type_key: str
    type_label: str
    reporter_username: str
    reporter_email: str
    shares_identity: bool
    reported_user: str
    page_title: str
    permalink: str
    details: str
    something_else: str
    direct_report: str
    case_url: str
    created_at: str

    def as_json(self) -> dict:
        data = {
            "reference": self.reference,
            "wiki": self.wiki_slug,
            "wiki_name": self.wiki_name,
            "flow": self.flow,
            "emergency": self.emergency,
            "type": self.type_key,
            "type_label": self.type_label,
            "reported_user": self.reported_user,
            "page_title": self.page_title,
            "permalink": self.permalink,
            "details": self.details,
            "something_else": self.something_else,
            "direct_report": self.direct_report,
            "case_url": self.case_url,
            "created_at": self.created_at,
            "reporter": None,
        }
        if self.shares_identity:
            data["reporter"] = {"username": self.reporter_username, "email": self.reporter_email}
        return data


def facts(report, language: str) -> ReportFacts:
    """Facts in `language` (call inside translation.override for the labels to follow)."""
    shared = shares_identity(report)
    return ReportFacts(
        reference=report.reference,
        wiki_name=config_of(report).get("wiki", {}).get("name") or report.wiki.slug,
        wiki_slug=report.wiki.slug,
        emergency=report.is_emergency,
        flow=report.flow,
        type_key=report.harm_subtype if report.is_emergency else report.incident_type,
        type_label=catalog.report_type_label(report, config_of(report)),
        reporter_username=report.reporter_username if shared else "",
        reporter_email=report.reporter_email if shared else "",
        shares_identity=shared,
        reported_user=report.reported_user,
        page_title=report.page_title,
        permalink=permalink(report),
        details=report.details,
        something_else=report.something_else_text,
        direct_report=report.direct_report_text,
        case_url=case_url(report),
        created_at=report.created_at.isoformat() if report.created_at else "",
    )
