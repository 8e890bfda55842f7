"""The retention policy in the community configuration, the operators' bounds, the pages."""

import pytest
from django.urls import reverse

from desk.models import AuditAction, AuditEntry
from privacy.models import LegalHold
from privacy.tests.conftest import make_report
from reports.tests.helpers import enable_direct_report, to_emergency_form, to_support_page
from wikis import retention
from wikis.defaults import default_config
from wikis.models import ConfigRevision
from wikis.validation import validate_config


def _config(**values):
    config = default_config("demowiki")
    config["retention"].update(values)
    return config


def test_the_default_policy_is_ninety_days_and_twelve_months(settings):
    rules = retention.policy(default_config())
    assert (rules.information_days, rules.closed_months, rules.emergency_months) == (90, 12, 24)


@pytest.mark.parametrize(
    ("values", "pointer"),
    [
        ({"closed_months": 2}, "/retention/closed_months"),
        ({"closed_months": 61}, "/retention/closed_months"),
        ({"information_days": 6}, "/retention/information_days"),
        ({"information_days": 366}, "/retention/information_days"),
    ],
)
def test_values_outside_the_operators_bounds_are_refused(values, pointer):
    result = validate_config(_config(**values), check_titles=False)
    assert pointer in result.errors_by_pointer()


@pytest.mark.parametrize("values", [{"closed_months": 3}, {"closed_months": 60}, {}])
def test_values_at_the_bounds_are_accepted(values):
    result = validate_config(_config(**values), check_titles=False)
    assert result.ok, result.errors


def test_operators_set_the_bounds(settings):
    settings.IRS_RETENTION_CLOSED_MONTHS_MIN = 18
    result = validate_config(_config(closed_months=12), check_titles=False)
    message = result.errors_by_pointer()["/retention/closed_months"][0]
    assert "18" in message and "60" in message


def test_a_stored_value_outside_new_bounds_counts_as_the_nearest_bound(settings):
    settings.IRS_RETENTION_CLOSED_MONTHS_MAX = 6
    assert retention.policy(_config(closed_months=12)).closed_months == 6
    settings.IRS_RETENTION_INFORMATION_DAYS_MIN = 120
    assert retention.policy(_config()).information_days == 120


@pytest.mark.parametrize("bad", ["12", None, True, 1.5, -1])
def test_the_schema_refuses_what_is_not_a_whole_number_in_range(bad):
    assert not validate_config(_config(closed_months=bad), check_titles=False).ok


def test_a_configuration_saved_before_retention_existed_reads_the_defaults(wiki):
    config = wiki.config
    del config["retention"]
    ConfigRevision.objects.create(wiki=wiki, data=config)
    wiki.refresh_from_db()
    assert retention.policy(wiki.config).closed_months == 12


# --- pages -----------------------------------------------------------------------------------


def test_the_wiki_page_says_what_is_kept_and_how_long(client, wiki):
    config = wiki.config
    config["retention"]["closed_months"] = 18
    ConfigRevision.objects.create(wiki=wiki, data=config)
    page = client.get(reverse("privacy:wiki_policy", args=[wiki.slug]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "18 months after the case is closed" in text
    assert "90 days" in text and "24 months" in text


def test_the_wiki_page_of_an_unknown_wiki_is_404(client, db):
    assert client.get("/w/nowiki/privacy").status_code == 404


def test_the_report_forms_show_the_retention_line_with_its_link(client, wiki, reporter):
    client.force_login(reporter)
    link = reverse("privacy:wiki_policy", args=[wiki.slug])
    _url, emergency = to_emergency_form(client, wiki)
    body = emergency.content.decode()
    assert "24 months after the case is closed" in body and link in body
    enable_direct_report(wiki)
    _url, support = to_support_page(client, wiki)
    body = support.content.decode()
    assert "12 months after the case is closed" in body and link in body


# --- legal holds -----------------------------------------------------------------------------


def _hold_url(report):
    return reverse("privacy:legal_hold", args=[report.reference])


def test_a_lead_places_and_lifts_a_hold_with_a_reason_both_audited(client, case, lead):
    client.force_login(lead)
    assert client.get(_hold_url(case)).status_code == 200
    client.post(_hold_url(case), {"action": "place", "reason": "Court order 7"})
    hold = LegalHold.objects.get(report=case)
    assert hold.reason == "Court order 7" and hold.set_by == lead and hold.lifted_at is None
    entry = AuditEntry.objects.get(action=AuditAction.LEGAL_HOLD)
    assert entry.report == case and entry.details["reason"] == "Court order 7"
    client.post(_hold_url(case), {"action": "lift", "reason": "Order withdrawn"})
    hold.refresh_from_db()
    assert hold.lifted_by == lead and hold.lift_reason == "Order withdrawn"
    assert AuditEntry.objects.filter(action=AuditAction.LEGAL_HOLD_LIFT, report=case).exists()


def test_a_hold_needs_a_reason_and_only_one_is_in_force(client, case, lead):
    client.force_login(lead)
    client.post(_hold_url(case), {"action": "place", "reason": "   "})
    assert not LegalHold.objects.exists()
    client.post(_hold_url(case), {"action": "place", "reason": "One"})
    client.post(_hold_url(case), {"action": "place", "reason": "Two"})
    assert LegalHold.objects.count() == 1
    page = client.post(_hold_url(case), {"action": "bogus", "reason": "x"}, follow=True)
    assert page.status_code == 200


def test_the_case_page_links_leads_to_the_hold(client, case, lead, responder):
    client.force_login(lead)
    assert _hold_url(case) in client.get(reverse("desk:case", args=[case.reference])).text
    client.force_login(responder)
    assert _hold_url(case) not in client.get(reverse("desk:case", args=[case.reference])).text


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("responder", 403),
        ("other_responder", 404),
        ("reporter", 404),
        ("outsider", 404),
        ("wiki_admin", 404),
        ("operator", 200),
    ],
)
def test_only_leads_and_operators_manage_holds(client, case, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_hold_url(case)).status_code == status
    client.post(_hold_url(case), {"action": "place", "reason": "Try"})
    assert LegalHold.objects.exists() == (status == 200)


def test_a_hold_page_for_a_case_not_on_the_desk_is_404(client, wiki, reporter, lead):
    visit = make_report(wiki, reporter)
    client.force_login(lead)
    assert client.get(_hold_url(visit)).status_code == 404
