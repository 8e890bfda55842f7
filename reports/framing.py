"""Which wiki may frame a report's own pages (its confirmation, the reply and appeal forms):
the report's, for its reporter only (wikis/framing.py says why and how)."""

from reports.models import Report


def own_reports_wiki(request, reference, *args, **kwargs):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    shown = getattr(request, "irs_own_report", None)  # the view looked it up already
    if shown is not None and shown.reference == reference and shown.reporter_id == user.pk:
        return shown.wiki
    report = Report.objects.filter(reference=reference, reporter=user).select_related("wiki")
    found = report.first()
    return found.wiki if found else None
