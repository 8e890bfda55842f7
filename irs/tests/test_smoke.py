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
