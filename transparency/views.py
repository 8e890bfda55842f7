"""The public transparency report: a page, a CSV and a JSON file, per wiki and for all wikis.

Period from the query (`?half=2026-H1` or `?since=…&until=…`, transparency.periods); a bad
period is a 400 with the reason, an unknown wiki a 404. No login: nothing here is personal.
"""

import csv
import io

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from reports.catalog import type_label
from reports.models import Flow, HarmSubtype
from transparency import periods
from transparency.report import COLUMNS, rows
from wikis import accountability
from wikis.defaults import default_config
from wikis.models import Wiki


def _wiki(slug):
    if slug is None:
        return None
    wiki = Wiki.objects.filter(slug=slug).first()
    if wiki is None:
        raise Http404
    return wiki


def _period(request):
    return periods.parse(
        half=request.GET.get("half", ""),
        since=request.GET.get("since", ""),
        until=request.GET.get("until", ""),
    )


def _filename(wiki, period) -> str:
    scope = wiki.slug if wiki else "all-wikis"
    return f"transparency-{scope}-{period.since.isoformat()}-{period.until.isoformat()}"


def _refused(request, error, fmt: str, wiki):
    if fmt == "json":
        return JsonResponse({"error": str(error)}, status=400)
    if fmt == "csv":
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    context = {"wiki": wiki, "error": str(error), "wikis": Wiki.objects.order_by("slug")}
    return render(request, "transparency/report.html", context, status=400)


def _labels(config: dict, row) -> tuple[str, str]:
    """The row's key and detail in words (the codes stay in CSV and JSON)."""
    if row.section == "notices_by_type":
        if row.key == Flow.EMERGENCY:
            labels = dict(HarmSubtype.choices)
            return str(Flow(row.key).label), str(labels.get(row.detail, row.detail))
        if row.key == Flow.NON_EMERGENCY:
            return str(Flow(row.key).label), type_label(config, row.detail)
    if row.section == "actions":
        return (
            accountability.action_label(config, row.key),
            accountability.ground_label(config, row.detail) if row.detail else "",
        )
    words = {
        "total": _("Total"),
        "trusted-flagger": _("From trusted flaggers"),
        "other": _("From others"),
        "decided": _("Cases decided"),
        "median_hours": _("Median time (hours)"),
        "received": _("Appeals received"),
        "open": _("Still open"),
        "upheld": _("Decided: upheld"),
        "changed": _("Decided: changed"),
        "warnings": _("Warnings"),
        "suspensions": _("Suspensions"),
    }
    return str(words.get(row.key, row.key)), row.detail


def _sections():
    return {
        "notices": _("Notices received"),
        "notices_by_type": _("Notices by type"),
        "notices_by_source": _("Notices by source"),
        "decisions": _("Decisions"),
        "actions": _("Actions taken, by action and ground"),
        "decision_time": _("Time from notice to first decision"),
        "appeals": _("Appeals (internal complaints)"),
        "appeal_time": _("Time to decide an appeal"),
        "misuse": _("Measures against misuse (manifestly unfounded notices)"),
    }


@require_GET
def report(request, wiki=None, fmt="html"):
    wiki = _wiki(wiki)
    try:
        period = _period(request)
    except periods.PeriodError as error:
        return _refused(request, error, fmt, wiki)
    found = rows(period, wiki, public=True)
    if fmt == "json":
        body = {
            "wiki": wiki.slug if wiki else None,
            "period": period.as_dict(),
            "generated_at": timezone.now().replace(microsecond=0).isoformat(),
            "columns": COLUMNS,
            "rows": [row.as_dict() for row in found],
        }
        response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = f'attachment; filename="{_filename(wiki, period)}.json"'
        return response
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in found:
            writer.writerow(["" if v is None else v for v in row.as_dict().values()])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{_filename(wiki, period)}.csv"'
        return response
    config = wiki.config if wiki else default_config()
    sections = []
    titles = _sections()
    for name, title in titles.items():
        entries = [(row, *_labels(config, row)) for row in found if row.section == name]
        sections.append({"name": name, "title": title, "rows": entries})
    query = request.GET.urlencode()
    context = {
        "wiki": wiki,
        "period": period,
        "sections": sections,
        "query": ("?" + query) if query else "",
        "wikis": Wiki.objects.order_by("slug"),
    }
    return render(request, "transparency/report.html", context)
