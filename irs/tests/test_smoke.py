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


def test_the_demo_configuration_is_a_realistic_one(db):
    from irs import demo

    wiki = demo.seed_demo()
    types = {t["key"]: t for t in wiki.config["non_emergency"]["types"]}
    for key, entry in types.items():
        if not entry["shown"] or key == "doxing":
            continue
        kinds = {(m["kind"], m.get("page") or m.get("email")) for m in entry["help_methods"]}
        assert kinds == {
            ("admin", "Project:Administrators' noticeboard"),
            ("email", "admins@demowiki.example.org"),
            ("community", "Project:Community portal"),
        }, key
    # Exposing private information: a private channel only, nothing public.
    assert [m["email"] for m in types["doxing"]["help_methods"]] == [
        "oversight@demowiki.example.org"
    ]
    assert types["doxing"]["direct_report"]["enabled"] is False
    for key in ("sexual-harassment", "something-else", "intimidation"):
        assert types[key]["direct_report"]["destinations"][0]["kind"] == "desk", key
    # Without the demo MediaWiki, trolling goes to the desk too, and nothing is public.
    assert types["trolling"]["direct_report"]["destinations"][0]["kind"] == "desk"
    assert not any(entry.get("public") for entry in types.values())


def test_the_demo_configuration_posts_trolling_on_the_noticeboard_with_a_bot(db, monkeypatch):
    from irs import demo

    wiki = demo.seed_demo()
    for suffix, value in {"USER": "IRS bot@irs", "PASSWORD": "p" * 32, "WIKIS": "demowiki",
                          "API": "https://demowiki.example.org/w/api.php"}.items():  # fmt: skip
        monkeypatch.setenv(f"IRS_CREDENTIAL_DEMOWIKI_BOT_{suffix}", value)
    demo.apply_demo_configuration(wiki, demo.ensure_community_team(wiki), "demowiki-bot")
    trolling = next(t for t in wiki.config["non_emergency"]["types"] if t["key"] == "trolling")
    assert trolling["public"] is True
    assert trolling["direct_report"]["destinations"] == [
        {"kind": "noticeboard", "page": "Project:Incidents", "credential": "demowiki-bot"}
    ]


def test_an_admins_edit_of_the_demo_configuration_stays(db):
    from accounts.models import User
    from irs import demo
    from wikis.revisions import save_config

    wiki = demo.seed_demo()
    config = wiki.config
    config["non_emergency"]["types"][0]["help_methods"] = []
    save_config(wiki, config, author=User.objects.get(username="WikiAdmin"), summary="mine",
                check_titles=False)  # fmt: skip
    demo.seed_demo()
    assert wiki.current_revision.summary == "mine"
    assert wiki.config["non_emergency"]["types"][0]["help_methods"] == []


def test_a_demo_direct_report_lands_in_the_responders_queue(db):
    from django.test import Client

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
    # In place once the reporter's confirmation shows.
    client = Client()
    client.force_login(User.objects.get(username="Reporter"))
    assert client.get(f"/my-reports/{report.reference}/submitted").status_code == 200
    report = Report.objects.get(pk=report.pk)
    assert report.queue is not None
    assert report.queue.team.slug == "demowiki-responders"
