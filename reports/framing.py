"""Which wiki may frame a report's own pages (its confirmation, the reply and appeal forms):
the report's, for its reporter only (wikis/framing.py says why and how)."""

from reports.models import Report


def own_reports_wiki(request, reference, *args, **kwargs):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    report = Report.objects.filter(reference=reference, reporter=user).select_related("wiki")
    found = report.first()
    return found.wiki if found else None
