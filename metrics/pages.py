"""The dashboards: a team's (its members and leads), a wiki's (its admins), the operators'.

Each page counts only the reports its viewer may see: a team's page the cases desk.access
shows that person in the team's queues (so never one they are recused from); a wiki's page
that wiki's reports, with every count below five shown as "<5" (it is seen outside the
team); the operators' page every wiki, and delivery health. `?csv=<section>` downloads the
numbers of one section as shown on the page.
"""

import csv
from datetime import timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from desk import access
from metrics import counts
from metrics.dashboards import Scope, sections
from metrics.totals import Where
from reports.models import Report
from wikis.defaults import default_config
from wikis.models import Wiki

DEFAULT_DAYS = 90
MAX_DAYS = 2 * 366


class RangeForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), required=False)
    end = forms.DateField(label=gettext_lazy("To"), required=False)
    wiki = forms.ChoiceField(label=gettext_lazy("Wiki"), required=False)

    def __init__(self, data, *, wikis, today):
        super().__init__(data)
        self.today = today
        self.fields["wiki"].choices = [("", _("All wikis"))] + [(w.slug, w.name) for w in wikis]
        if len(wikis) < 2:
            del self.fields["wiki"]

    def clean(self):
        data = super().clean()
        end = data.get("end") or self.today
        start = data.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise forms.ValidationError(_("The start of the period must be before its end."))
        if (end - start).days >= MAX_DAYS:
            raise forms.ValidationError(_("Choose a period of at most two years."))
        data["start"], data["end"] = start, end
        return data


def _page(request, *, title, reports, wikis, public, operators=False, where=None):
    now = timezone.now()
    form = RangeForm(request.GET, wikis=wikis, today=counts.today(now))
    if not form.is_valid():
        context = {"title": title, "form": form, "sections": []}
        return render(request, "metrics/dashboard.html", context, status=400)
    chosen = [w for w in wikis if w.slug == form.cleaned_data.get("wiki")] or wikis
    if len(chosen) < len(wikis):
        reports = reports.filter(wiki__in=chosen)
    # The daily totals of the same reports: the chosen wikis, the team's queues, without the
    # cases the viewer is recused from.
    where = Where(
        wiki_ids=[w.pk for w in chosen],
        queue_ids=where.queue_ids if where is not None else None,
        recused=where.recused if where is not None else None,
    )
    scope = Scope(
        reports=reports,
        wiki_ids=[w.pk for w in chosen],
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        now=now,
        public=public,
        operators=operators,
        label_config=chosen[0].config if len(chosen) == 1 else default_config(),
        where=where,
    )
    wanted = request.GET.get("csv")
    if wanted is not None:
        found = sections(scope, only=wanted)
        if not found:
            raise Http404
        return _csv(found[0], scope)
    query = request.GET.copy()
    query.pop("csv", None)
    context = {
        "title": title,
        "form": form,
        "scope": scope,
        "sections": sections(scope),
        "query": query.urlencode(),
        "public": public,
    }
    return render(request, "metrics/dashboard.html", context)


def _csv(section, scope) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"irs-{section.key}-{scope.start.isoformat()}-{scope.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow([key for key, _heading in section.columns])
    for row in section.rows:
        writer.writerow([_csv_cell(row.get(key, "")) for key, _heading in section.columns])
    return response


def _csv_cell(value) -> str:
    text = "" if value is None or value == "—" else str(value)
    # A spreadsheet would run a cell starting like a formula: such cells are quoted text.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@login_required
@require_GET
def team(request, team):
    found = access.team_for(request.user, team)
    # The team's few queues as a list: the planner then knows how many reports they hold.
    queues = list(found.queues.values_list("pk", flat=True))
    reports = access.restrict_to_visible(Report.objects.filter(queue__in=queues), request.user)
    wikis = [found.wiki] if found.wiki_id else list(Wiki.objects.order_by("slug"))
    title = _("Metrics: %(team)s") % {"team": found.name}
    where = Where(queue_ids=queues, recused=access.recusal_condition(request.user))
    return _page(request, title=title, reports=reports, wikis=wikis, public=False, where=where)


@login_required
@require_GET
def wiki(request, wiki):
    found = get_object_or_404(Wiki, slug=wiki)
    if not found.is_admin(request.user):
        raise Http404
    title = _("Metrics: %(wiki)s") % {"wiki": found.name}
    reports = Report.objects.filter(wiki=found)
    return _page(request, title=title, reports=reports, wikis=[found], public=True)


@login_required
@require_GET
def operators(request):
    if not access.is_operator(request.user):
        raise Http404
    wikis = list(Wiki.objects.order_by("slug"))
    return _page(
        request,
        title=_("Metrics: all wikis"),
        reports=Report.objects.all(),
        wikis=wikis,
        public=False,
        operators=True,
    )
