"""The one wiki client: what it sends (one User-Agent, JSON formatversion 2, maxlag on writes)
and how it reads each kind of answer (temporary or not, how long to wait). A real HTTP server
on loopback answers as a wiki would; the real MediaWiki tests are in routing/ and accounts/."""

import json
from http.server import BaseHTTPRequestHandler

import pytest

from irs import outbound
from testing.servers import serving
from wikis import actionapi

SEEN: list[dict] = []
ANSWER: dict = {}


class ScriptedWiki(BaseHTTPRequestHandler):
    """Answers every request with ANSWER (status, headers, body) and records what it got."""

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        SEEN.append({
            "method": self.command,
            "path": self.path,
            "body": self.rfile.read(length).decode() if length else "",
            "user_agent": self.headers.get("User-Agent", ""),
        })  # fmt: skip
        status, headers, body = ANSWER["status"], ANSWER.get("headers", {}), ANSWER["body"]
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def wiki_api(insecure_urls):
    SEEN.clear()
    ANSWER.clear()
    with serving(ScriptedWiki) as port:
        yield f"http://127.0.0.1:{port}/w/api.php"


def answer(status=200, body=None, **headers):
    ANSWER.update(status=status, body={"query": {}} if body is None else body, headers=headers)


def failure(url, method="get", **params) -> actionapi.APIError:
    with pytest.raises(actionapi.APIError) as raised:
        with actionapi.ActionAPI(url, timeout=2) as api:
            getattr(api, method)(**params)
    return raised.value


def test_reads_ask_for_json_v2_and_writes_add_maxlag_with_one_user_agent(wiki_api, settings):
    settings.SITE_URL = "https://irs.test.invalid"
    answer()
    with actionapi.ActionAPI(wiki_api, timeout=2) as api:
        api.get(action="query", meta="siteinfo")
        api.post(action="edit", title="X")
    read, write = SEEN
    assert "format=json" in read["path"] and "formatversion=2" in read["path"]
    assert "maxlag" not in read["path"]
    assert write["method"] == "POST" and "maxlag=5" in write["body"]
    # Kills a mutant that lets any caller set its own User-Agent (there were four).
    assert read["user_agent"] == write["user_agent"] == outbound.user_agent()
    assert "https://irs.test.invalid" in outbound.user_agent()


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408, 429])
def test_overload_and_server_errors_are_temporary_and_keep_retry_after(wiki_api, status):
    answer(status, {}, **{"Retry-After": "120"})
    error = failure(wiki_api, action="query")
    assert error.temporary and error.retry_after == 120


@pytest.mark.parametrize("status", [400, 403, 404, 301, 302])
def test_other_http_answers_are_permanent(wiki_api, status):
    answer(status, {}, Location="http://127.0.0.1:9/elsewhere")
    error = failure(wiki_api, action="query")
    assert not error.temporary
    assert len(SEEN) == 1  # a redirect is never followed


def test_maxlag_waits_at_least_the_lag(wiki_api):
    answer(200, {"error": {"code": "maxlag", "info": "Waiting for 10.0.0.7: 7 seconds lagged",
                           "lag": 7}}, **{"Retry-After": "5"})  # fmt: skip
    error = failure(wiki_api, "post", action="edit")
    assert error.temporary and error.code == "maxlag" and error.retry_after == 7


@pytest.mark.parametrize("code", ["readonly", "ratelimited", "badtoken", "editconflict"])
def test_not_now_api_errors_are_temporary(wiki_api, code):
    answer(200, {"error": {"code": code, "info": "later"}})
    error = failure(wiki_api, "post", action="edit")
    assert error.temporary and error.code == code


@pytest.mark.parametrize(
    "code", ["protectedpage", "permissiondenied", "blocked", "abusefilter-disallowed",
             "protectednamespace-interface", "permissions-whatever"],
)  # fmt: skip
def test_never_like_this_api_errors_are_permanent(wiki_api, code):
    answer(200, {"error": {"code": code, "info": "no"}})
    error = failure(wiki_api, "post", action="edit")
    assert not error.temporary and error.retry_after is None


def test_an_answer_that_is_not_json_is_temporary(wiki_api):
    answer(200, b"<html>maintenance</html>")
    assert failure(wiki_api, action="query").temporary


def test_a_refused_login_says_so(wiki_api):
    ANSWER.update(status=200, headers={}, body={
        "query": {"tokens": {"logintoken": "t+\\"}},
        "login": {"result": "Failed", "reason": "Incorrect username or password entered."},
    })  # fmt: skip
    with pytest.raises(actionapi.APIError) as raised:
        with actionapi.ActionAPI(wiki_api, timeout=2) as api:
            api.login("Bot@irs", "wrong")
    assert raised.value.code == "login" and not raised.value.temporary
    assert "Incorrect username" in str(raised.value)


def test_an_unreachable_wiki_is_temporary(insecure_urls):
    from testing.servers import free_port

    error = failure(f"http://127.0.0.1:{free_port()}/w/api.php", action="query")
    assert error.temporary


@pytest.mark.parametrize("host", ["wiki.example.org", "example.com", "a.test", "x.invalid"])
def test_reserved_names_are_never_asked(host, insecure_urls):
    with pytest.raises(actionapi.NotConfigured):
        actionapi.ActionAPI(f"https://{host}/w/api.php", timeout=1)
    assert not actionapi.is_reserved("wikipedia.org")
    assert not actionapi.is_reserved("notexample.org")
