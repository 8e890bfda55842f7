"""Only the wiki a report flow is for may frame it; everything else refuses framing."""

from wikis.models import ConfigRevision


def frame_ancestors(response) -> str:
    """The frame-ancestors of the page's Content-Security-Policy (every page has one)."""
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return policy["frame-ancestors"]


def test_a_wikis_report_flow_may_be_framed_by_that_wiki_only(client, wiki):
    response = client.get(f"/w/{wiki.slug}/report")
    assert frame_ancestors(response) == "https://demowiki.example.org"
    assert "X-Frame-Options" not in response


def test_other_pages_refuse_framing(client, wiki):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert frame_ancestors(response) == "'none'"


def test_the_login_on_the_way_to_a_report_may_be_framed_by_the_same_wiki(client, wiki):
    response = client.get("/accounts/login/", {"next": f"/w/{wiki.slug}/report?page=Talk:X"})
    assert frame_ancestors(response) == "https://demowiki.example.org"
    plain = client.get("/accounts/login/")
    assert plain["X-Frame-Options"] == "DENY"


def test_an_unknown_wiki_or_one_without_an_address_is_never_framed(client, wiki):
    assert client.get("/w/nosuchwiki/report")["X-Frame-Options"] == "DENY"
    config = wiki.config
    config["wiki"]["base_url"] = ""
    ConfigRevision.objects.create(wiki=wiki, data=config)
    assert client.get(f"/w/{wiki.slug}/report")["X-Frame-Options"] == "DENY"


def test_a_hostile_base_url_does_not_open_framing_to_everyone(client, wiki):
    config = wiki.config
    config["wiki"]["base_url"] = "https://* https://evil.example.net"
    ConfigRevision.objects.create(wiki=wiki, data=config)
    response = client.get(f"/w/{wiki.slug}/report")
    assert response["X-Frame-Options"] == "DENY"
    assert frame_ancestors(response) == "'none'"


def test_a_wiki_on_a_port_keeps_its_port(client, wiki):
    config = wiki.config
    config["wiki"]["base_url"] = "http://127.0.0.1:8123/"
    ConfigRevision.objects.create(wiki=wiki, data=config)
    response = client.get(f"/w/{wiki.slug}/report")
    assert frame_ancestors(response) == "http://127.0.0.1:8123"


def test_a_report_just_filed_may_be_framed_for_its_reporter_only(
    client, wiki, reporter, other_reporter
):
    from reports.models import Report

    report = Report.objects.create(
        wiki=wiki,
        reporter=reporter,
        reporter_username="Reporter",
        flow="non-emergency",
        submission_token="t" * 20,
        filed=True,
    )
    client.force_login(reporter)
    response = client.get(f"/my-reports/{report.reference}/submitted")
    assert frame_ancestors(response) == "https://demowiki.example.org"
    client.force_login(other_reporter)
    response = client.get(f"/my-reports/{report.reference}/submitted")
    assert response.status_code == 404
    assert frame_ancestors(response) == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert client.get("/my-reports")["X-Frame-Options"] == "DENY"


def test_the_configuration_pages_of_a_wiki_may_never_be_framed(client, wiki, operator):
    client.force_login(operator)
    revision = wiki.current_revision or ConfigRevision.objects.create(wiki=wiki, data=wiki.config)
    for path in (
        "config",
        "config/edit",
        "config/raw",
        "config/history",
        f"config/r{revision.pk}",
        f"config/r{revision.pk}/revert",
    ):
        response = client.get(f"/w/{wiki.slug}/{path}")
        assert response.status_code == 200, path
        assert response["X-Frame-Options"] == "DENY", path
        assert frame_ancestors(response) == "'none'", path
    login = client.get("/accounts/login/", {"next": f"/w/{wiki.slug}/config/edit"})
    assert login["X-Frame-Options"] == "DENY"
    assert frame_ancestors(login) == "'none'"
    assert client.get(f"/w/{wiki.slug}/reportx")["X-Frame-Options"] == "DENY"
