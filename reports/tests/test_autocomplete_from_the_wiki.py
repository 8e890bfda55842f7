"""The reported-user field suggests names from the wiki's own user list, never from IRS's
account table (which would tell who has been reporting), and a keystroke never re-checks the
person's facts with the wiki (review finding F7). A stand-in Action API on loopback counts
what IRS asks."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from accounts.models import WikiAccount
from irs import demo
from testing.servers import free_port

from .helpers import change_config, enable_direct_report, to_support_page, token_in


class StandInApi:
    """api.php answering list=allusers from `names` and list=users with eligible facts."""

    def __init__(self):
        self.names = []
        self.requests = []
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                params = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                standin.requests.append(params)
                if params.get("list") == "allusers":
                    prefix = params.get("auprefix", "")
                    prefix = prefix[:1].upper() + prefix[1:]
                    found = [n for n in sorted(standin.names) if n.startswith(prefix)]
                    body = {
                        "query": {
                            "allusers": [
                                {"name": n} for n in found[: int(params.get("aulimit", 10))]
                            ]
                        }
                    }
                elif params.get("list") == "users":
                    body = {
                        "query": {
                            "users": [
                                {
                                    "userid": 7,
                                    "name": "Reporter",
                                    "editcount": 120,
                                    "registration": "2020-01-01T00:00:00Z",
                                    "emailable": True,
                                    "groups": ["*", "user", "autoconfirmed"],
                                }
                            ]
                        }
                    }
                else:
                    body = {"error": {"code": "badvalue"}}
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api.php"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def asked(self, what: str) -> list[dict]:
        return [params for params in self.requests if params.get("list") == what]


@pytest.fixture
def api(settings):
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True  # the stand-in is plain http on loopback
    standin = StandInApi()
    yield standin
    standin.server.shutdown()
    standin.server.server_close()


def _use_api(wiki, url):
    change_config(wiki, lambda config: config["wiki"].update(api_url=url))


@pytest.fixture
def mw_reporter(wiki, reporter, api):
    """The reporter, their account a MediaWiki one whose facts come from the stand-in."""
    _use_api(wiki, api.url)
    WikiAccount.objects.filter(user=reporter, wiki=wiki).update(provider="mediawiki")
    return reporter


def test_it_suggests_names_from_the_wikis_user_list_not_irs_accounts(
    client, wiki, api, mw_reporter
):
    demo.make_user(wiki, "Quietvictim")  # has an IRS account: logged in to report
    api.names = ["Quentin", "Quill", "Alice"]
    client.force_login(mw_reporter)
    response = client.get(f"/w/{wiki.slug}/report/users", {"q": "q"})
    assert response.json() == {"users": ["Quentin", "Quill"]}
    (asked,) = api.asked("allusers")
    assert asked["auprefix"] == "q" and asked["aulimit"] == "11"


def test_a_keystroke_does_not_ask_the_wiki_about_the_person(client, wiki, api, mw_reporter):
    client.force_login(mw_reporter)
    for prefix in ("T", "Tr", "Tro"):
        assert client.get(f"/w/{wiki.slug}/report/users", {"q": prefix}).status_code == 200
    assert api.asked("users") == []
    assert len(api.asked("allusers")) == 3


def test_a_wiki_that_does_not_answer_suggests_nothing_rather_than_irs_accounts(
    client, wiki, reporter, settings
):
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True
    demo.make_user(wiki, "Quietvictim")
    _use_api(wiki, f"http://127.0.0.1:{free_port()}/api.php")
    client.force_login(reporter)
    response = client.get(f"/w/{wiki.slug}/report/users", {"q": "Q"})
    assert response.status_code == 200
    assert response.json() == {"users": []}


def test_a_blocked_account_gets_no_suggestions_without_asking_the_wiki(client, wiki, api):
    _use_api(wiki, api.url)
    blocked = demo.make_user(wiki, "Blocked", blocked=True)
    client.force_login(blocked)
    assert client.get(f"/w/{wiki.slug}/report/users", {"q": "Q"}).status_code == 403
    assert api.requests == []


def test_one_page_of_the_flow_asks_the_wiki_about_the_person_once(client, wiki, api, mw_reporter):
    enable_direct_report(wiki)
    client.force_login(mw_reporter)
    support_url, page = to_support_page(client, wiki)
    before = len(api.asked("users"))
    # Filing checks eligibility for the page, then again inside the submission.
    response = client.post(
        support_url, {"text": "They insult me.", "submission_token": token_in(page)}
    )
    assert response.status_code == 302
    assert len(api.asked("users")) - before == 1


@pytest.mark.mediawiki
def test_a_real_mediawiki_answers_the_suggestions(client, db, mediawiki, settings):
    from testing.mediawiki import irs_wiki_for

    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True  # the test wiki is plain http on loopback
    mediawiki.create_user("Suggestme Alpha")
    mediawiki.create_user("Suggestme Beta")
    wiki = irs_wiki_for(mediawiki)
    person = demo.make_user(wiki, "Suggestme Gamma")  # an IRS account only: never suggested
    client.force_login(person)
    response = client.get(f"/w/{wiki.slug}/report/users", {"q": "suggestme"})
    assert response.json() == {"users": ["Suggestme Alpha", "Suggestme Beta"]}
