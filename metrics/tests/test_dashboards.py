"""The dashboards by persona: who may see which page, what it counts, small cells, CSV."""

import csv
import io

import pytest
from django.utils import timezone

from irs import demo
from metrics.totals import rolled_through, rollup_cases
from wikis.models import WikiAdmin

from .seed import NOW, seed

RANGE = "?start=2026-03-02&end=2026-03-15"


@pytest.fixture
def seeded(db, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    people = seed()
    wiki = people["wiki"]
    people["admin"] = demo.make_user(wiki, "WikiAdmin")
    WikiAdmin.objects.get_or_create(wiki=wiki, user=people["admin"])
    people["operator"] = demo.make_user(wiki, "Operator", superuser=True)
    people["outsider"] = demo.make_user(wiki, "Outsider")
    return people


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def rows_of(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


TEAM = "/metrics/teams/demowiki-responders"
WIKI = "/metrics/wikis/demowiki"
OPERATORS = "/metrics/"


@pytest.mark.parametrize(
    ("who", "team", "wiki", "operators"),
    [
        ("responder", 200, 404, 404),
        ("lead", 200, 404, 404),
        ("admin", 404, 200, 404),
        ("operator", 200, 200, 200),
        ("outsider", 404, 404, 404),
    ],
)
def test_each_persona_reaches_only_its_pages(client, seeded, who, team, wiki, operators):
    codes = [get(client, seeded[who], url + RANGE).status_code for url in (TEAM, WIKI, OPERATORS)]
    assert codes == [team, wiki, operators]


def test_a_visitor_is_sent_to_log_in(client, seeded):
    for url in (TEAM, WIKI, OPERATORS):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.headers["Location"]


def test_the_team_page_shows_every_section_with_a_chart_and_a_table(client, seeded):
    page = get(client, seeded["responder"], TEAM + RANGE)
    text = page.content.decode()
    keys = [s.key for s in page.context["sections"]]
    assert keys == ["reports", "funnel", "response-times", "backlog", "ages", "outcomes",
                    "appeals", "trusted", "overdue"]  # fmt: skip
    assert text.count('<svg xmlns="http://www.w3.org/2000/svg"') == len(keys)
    assert text.count("<table>") == len(keys)
    assert 'role="img"' in text and '<title id="chart-reports-t">' in text
    # Inside the team, small counts are numbers.
    assert "<5" not in text and "&lt;5" not in text


def test_the_team_page_never_counts_a_case_hidden_from_its_viewer(client, seeded):
    mine = get(client, seeded["responder"], TEAM + RANGE + "&csv=reports")
    lead = get(client, seeded["lead"], TEAM + RANGE + "&csv=reports")
    assert len(rows_of(mine)) == 1 + 6
    assert len(rows_of(lead)) == 1 + 7
    # Nor the safety team's emergency, which is not in this team's queues.
    assert "self-harm" not in lead.content.decode().lower()
    assert "Threats of self-harm" not in lead.content.decode()


def test_the_wiki_page_shows_small_counts_as_under_five(client, seeded):
    page = get(client, seeded["admin"], WIKI + RANGE)
    text = page.content.decode()
    assert "&lt;5" in text
    assert "Counts from 1 to 4 are shown as" in text
    exported = rows_of(get(client, seeded["admin"], WIKI + RANGE + "&csv=reports"))
    assert exported[0] == ["day", "flow", "type", "reports"]
    assert {row[3] for row in exported[1:]} == {"<5"}
    funnel = rows_of(get(client, seeded["admin"], WIKI + RANGE + "&csv=funnel"))
    assert [row[1] for row in funnel[1:]] == ["10", "7", "<5", "<5"]
    times = rows_of(get(client, seeded["admin"], WIKI + RANGE + "&csv=response-times"))
    assert times[1][2] == ""  # a median of fewer than five cases is not shown
    summary = page.context["sections"][0].summary
    assert "8 reports" in summary


def test_the_operators_page_adds_delivery_health(client, seeded):
    page = get(client, seeded["operator"], OPERATORS + RANGE)
    assert [s.key for s in page.context["sections"]][-1] == "deliveries"
    exported = rows_of(get(client, seeded["operator"], OPERATORS + RANGE + "&csv=deliveries"))
    assert exported == [
        ["channel", "sent", "retrying", "waiting", "dead", "median_latency_seconds"],
        ["email", "3", "0", "0", "1", "20.0"],
        ["webhook", "0", "1", "1", "0", ""],
    ]
    assert get(client, seeded["lead"], TEAM + RANGE + "&csv=deliveries").status_code == 404


def test_csv_files_have_one_header_and_stable_columns(client, seeded):
    page = get(client, seeded["lead"], TEAM + RANGE)
    for section in page.context["sections"]:
        response = client.get(TEAM + RANGE + "&csv=" + section.key)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert f"irs-{section.key}-2026-03-02-2026-03-15.csv" in response["Content-Disposition"]
        rows = rows_of(response)
        assert rows[0] == [key for key, _heading in section.columns]
        assert len(rows) == 1 + len(section.rows)
        assert all(len(row) == len(rows[0]) for row in rows)
    backlog = rows_of(client.get(TEAM + RANGE + "&csv=backlog"))
    assert backlog[1] == ["2026-03-02", "1"] and backlog[-1] == ["2026-03-15", "5"]


def test_the_wiki_filter_narrows_the_operators_counts(client, seeded):
    from wikis.models import Wiki

    Wiki.objects.create(slug="otherwiki")
    everything = rows_of(get(client, seeded["operator"], OPERATORS + RANGE + "&csv=reports"))
    other = rows_of(client.get(OPERATORS + RANGE + "&wiki=otherwiki&csv=reports"))
    assert len(everything) == 1 + 8 and len(other) == 1
    assert client.get(OPERATORS + RANGE + "&wiki=nosuchwiki").status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "?start=2026-03-15&end=2026-03-02",
        "?start=2020-01-01&end=2026-03-02",
        "?start=yesterday",
        "?end=2026-02-30",
        "?start=%00",
    ],
)
def test_a_bad_period_is_refused_with_400(client, seeded, query):
    response = get(client, seeded["lead"], TEAM + query)
    assert response.status_code == 400
    assert response.context["sections"] == []


def test_an_unknown_section_has_no_csv(client, seeded):
    assert get(client, seeded["lead"], TEAM + RANGE + "&csv=nope").status_code == 404


def test_the_default_period_is_the_last_90_days(client, seeded):
    page = get(client, seeded["lead"], TEAM)
    scope = page.context["scope"]
    assert (scope.end - scope.start).days == 89 and scope.end == NOW.date()


def test_the_desk_and_the_configuration_link_to_the_dashboards(client, seeded):
    desk = get(client, seeded["responder"], "/desk/").content.decode()
    assert f'href="{TEAM}"' in desk and 'href="/metrics/"' not in desk
    assert 'href="/metrics/"' in get(client, seeded["operator"], "/desk/").content.decode()
    config = get(client, seeded["admin"], "/w/demowiki/config").content.decode()
    assert f'href="{WIKI}"' in config


def test_the_pages_give_the_same_figures_from_the_daily_totals(client, seeded):
    """After the daily job has counted the cases (metrics.totals), every page shows what it
    showed from the live tables: the responder's team page still without the case about
    them, the operators' page narrowed to one wiki, the wiki's small cells."""
    pages = [
        ("responder", TEAM), ("lead", TEAM), ("admin", WIKI), ("operator", OPERATORS),
        ("operator", OPERATORS + "?wiki=demowiki&"),
    ]  # fmt: skip
    sections = ("reports", "backlog", "outcomes", "trusted")
    urls = []
    for who, url in pages:
        query = RANGE.lstrip("?") if url.endswith("&") else RANGE
        urls += [(who, f"{url}{query}&csv={key}") for key in sections]
    live = {(who, url): rows_of(get(client, seeded[who], url)) for who, url in urls}
    rollup_cases()
    assert rolled_through() == NOW.date() - timezone.timedelta(days=1)
    for who, url in urls:
        assert rows_of(get(client, seeded[who], url)) == live[(who, url)], (who, url)
    # The case about the responder is counted for their lead, not for them.
    team = f"{TEAM}{RANGE}&csv=backlog"
    assert live[("responder", team)] != live[("lead", team)]


def test_a_tables_rows_are_escaped_and_localised_as_the_template_would():
    """Section.body writes the rows without the template engine: every value escaped (a
    type's label is configured text), numbers marked and localised ("<5" is a number)."""
    from django.utils import translation

    from metrics.dashboards import Section

    section = Section(
        "x", "X", "", [("name", "Name"), ("n", "N"), ("hours", "Hours")],
        [{"name": "spam <b>& co</b>", "n": "<5", "hours": 2.5}, {"name": "", "n": 7}],
    )  # fmt: skip
    with translation.override("de"):
        body = str(section.body)
    assert body == (
        '<tr><td>spam &lt;b&gt;&amp; co&lt;/b&gt;</td><td class="n">&lt;5</td>'
        '<td class="n">2,5</td></tr>\n      <tr><td></td><td class="n">7</td><td></td></tr>\n      '
    )
