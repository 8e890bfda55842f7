from irs import demo


def url(wiki, prefix):
    return f"/w/{wiki.slug}/report/users?q={prefix}"


def test_it_suggests_users_of_that_wiki_by_prefix(client, reporter, wiki):
    for name in ("Troll", "Trollface", "Trombone", "Alice"):
        demo.make_user(wiki, name)
    other = demo.ensure_wiki("otherwiki", "Other Wiki")
    demo.make_user(other, "Trolley")
    client.force_login(reporter)
    response = client.get(url(wiki, "tro"))
    assert response.status_code == 200
    assert response.json() == {"users": ["Troll", "Trollface", "Trombone"]}


def test_it_returns_at_most_ten_names(client, reporter, wiki):
    for number in range(15):
        demo.make_user(wiki, f"Sock{number:02d}")
    client.force_login(reporter)
    assert len(client.get(url(wiki, "Sock")).json()["users"]) == 10


def test_an_empty_or_huge_prefix_returns_nothing(client, reporter, wiki):
    client.force_login(reporter)
    assert client.get(url(wiki, "")).json() == {"users": []}
    assert client.get(url(wiki, "R" * 300)).json() == {"users": []}


def test_it_needs_a_login(client, wiki):
    assert client.get(url(wiki, "Re")).status_code == 401


def test_it_refuses_users_who_may_not_report(client, wiki, outsider):
    client.force_login(outsider)
    assert client.get(url(wiki, "Re")).status_code == 403
    blocked = demo.make_user(wiki, "Blocked", blocked=True)
    client.force_login(blocked)
    assert client.get(url(wiki, "Re")).status_code == 403


def test_wildcards_in_the_prefix_are_literal(client, reporter, wiki):
    client.force_login(reporter)
    assert client.get(url(wiki, "%25")).json() == {"users": []}
    assert client.get(url(wiki, "_")).json() == {"users": []}
