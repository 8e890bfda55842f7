"""Fixtures for the on-wiki tests: the wiki with IRS's entry point installed, a talk page with
signed comments, and pages in Chromium (`browser` from testing/browser.py) logged in to the
wiki."""

import os

import pytest

from testing.mediawiki import irs_wiki_for

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

TALK = "Talk:Wiki test"
PASSWORD = "Wiki-test-password-1"
NOTICEBOARD = "Project:Incident noticeboard"
BOT = "IRS noticeboard bot"


@pytest.fixture(scope="module")
def wiki_reporter_state(browser, mediawiki, talk_page):
    """Cookies of "Wk Reporter" logged in to the wiki (logged in once per test module)."""
    context = browser.new_context()
    wiki_login(context.new_page(), mediawiki, "Wk Reporter")
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture
def new_tab(new_page, wiki_reporter_state):
    """new_tab(width=1000, wiki_login=True, **context_options): a page in a fresh context,
    logged in to the wiki as "Wk Reporter" (through Special:UserLogin once per module) unless
    wiki_login=False."""

    def make(width: int = 1000, height: int = 900, wiki_login: bool = True, **options):
        state = wiki_reporter_state if wiki_login else None
        return new_page(width, height, storage_state=state, **options)

    return make


@pytest.fixture(scope="session")
def talk_page(mediawiki):
    """Users and a talk page with two topics and four signed comments (once per session)."""
    for name in ("Wk Alice", "Wk Bob", "Wk Carol"):
        mediawiki.create_user(name, PASSWORD)
    mediawiki.create_user("Wk Reporter", PASSWORD, email="wk.reporter@example.org")

    def add(text, user):
        mediawiki.edit(TALK, (mediawiki.wikitext(TALK) + "\n" + text).strip(), user=user)

    add("== Edit war on the article ==\nYou keep reverting my edits. ~~~~", "Wk Alice")
    add(":Because they are wrong, you idiot. Go away. ~~~~", "Wk Bob")
    add("::Please stay civil. ~~~~", "Wk Alice")
    add("== Another topic ==\nHello there. ~~~~", "Wk Carol")
    mediawiki.edit("User:Wk Bob", "I am Bob.", user="Wk Bob")
    mediawiki.edit("Sandbox", "A page outside the talk namespaces.", user="Wk Reporter")
    return {"title": TALK, "revid": mediawiki.latest_revision(TALK)}


@pytest.fixture
def on_wiki(live_server, settings, mediawiki, talk_page, transactional_db):
    """IRS live, its entry point loaded by the wiki's MediaWiki:Common.js; returns the IRS wiki."""
    settings.SITE_URL = live_server.url.replace("localhost", "127.0.0.1")
    # The test wiki and the OAuth stand-in are plain http on loopback (outbound's test setting).
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True
    wiki = irs_wiki_for(mediawiki, min_account_age_seconds=0)
    lang = "?lang=' + mw.config.get('wgUserLanguage')"
    script = f"mw.loader.load('{settings.SITE_URL}/embed/{wiki.slug}/entry.js{lang});"
    if mediawiki.wikitext("MediaWiki:Common.js").strip() != script:
        mediawiki.edit("MediaWiki:Common.js", script)
    return wiki


def wiki_login(page, mediawiki, name: str, password: str = PASSWORD) -> None:
    """Log in to the wiki through Special:UserLogin, as a person would."""
    page.goto(mediawiki.page_url("Special:UserLogin"))
    page.fill("#wpName1", name)
    page.fill("#wpPassword1", password)
    page.click("#wpLoginAttempt")
    page.wait_for_load_state()
    assert page.evaluate("mw.config.get('wgUserName')") == name


@pytest.fixture
def noticeboard(on_wiki, mediawiki, settings, monkeypatch):
    """The wiki's incident noticeboard and IRS's bot password for it, held as the named
    credential "testwiki-board" (environment variables, as operators set them); returns the
    noticeboard destination for the wiki's configuration, the page and the bot's name."""
    if (BOT, "irs") not in mediawiki.bot_passwords:
        mediawiki.create_user(BOT, groups=("bot",))
        mediawiki.create_bot_password(BOT, appid="irs")
        mediawiki.edit(NOTICEBOARD, "Incidents reported through IRS.\n")
    user, password = mediawiki.bot_passwords[(BOT, "irs")]
    monkeypatch.setenv("IRS_CREDENTIAL_TESTWIKI_BOARD_USER", user)
    monkeypatch.setenv("IRS_CREDENTIAL_TESTWIKI_BOARD_PASSWORD", password)
    monkeypatch.setenv("IRS_CREDENTIAL_TESTWIKI_BOARD_WIKIS", on_wiki.slug)
    monkeypatch.setenv("IRS_CREDENTIAL_TESTWIKI_BOARD_API", mediawiki.api_url)
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True  # the test wiki is plain http on loopback
    destination = {"kind": "noticeboard", "page": NOTICEBOARD, "credential": "testwiki-board"}
    return {"destination": destination, "page": NOTICEBOARD, "bot": BOT}
