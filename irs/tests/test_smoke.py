def test_health_endpoint_answers_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_home_lists_wikis(client, wiki):
    response = client.get("/")
    assert b"Demo Wiki" in response.content


def test_uselang_switches_the_interface_language(client, wiki):
    response = client.get("/?uselang=ar")
    assert b'dir="rtl"' in response.content
    assert response.headers["Content-Language"] == "ar"


def test_seed_demo_is_idempotent(db):
    from accounts.models import User
    from irs.demo import seed_demo

    seed_demo()
    seed_demo()
    assert User.objects.filter(username="Reporter").count() == 1


def test_the_demo_routes_direct_reports_to_the_responders_desk(db):
    from irs.demo import seed_demo

    wiki = seed_demo()
    types = {t["key"]: t for t in wiki.config["non_emergency"]["types"]}
    direct = types["intimidation"]["direct_report"]
    assert direct["enabled"] is True
    assert direct["destinations"] == [
        {"kind": "desk", "team": "demowiki-responders", "queue": "reports"}
    ]
    assert types["spam"]["direct_report"]["enabled"] is False
    assert wiki.config_revisions.count() == 2
    seed_demo()
    assert wiki.config_revisions.count() == 2


def test_a_demo_direct_report_lands_in_the_responders_queue(db):
    from accounts.models import User
    from irs.demo import seed_demo
    from reports.location import Location
    from reports.models import Report
    from reports.submission import Submission, submit

    wiki = seed_demo()
    report = submit(
        User.objects.get(username="Reporter"),
        wiki,
        Submission(
            flow="non-emergency",
            token="demo-token-0123456789",
            incident_type="intimidation",
            direct_report_text="They keep following me.",
            location=Location(page="Talk:Main Page"),
        ),
    )
    report = Report.objects.get(pk=report.pk)
    assert report.queue is not None
    assert report.queue.team.slug == "demowiki-responders"
