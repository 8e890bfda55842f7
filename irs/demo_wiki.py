"""The demo's MediaWiki: a real wiki under var/mediawiki, seeded so that IRS can be tried on it.

`prepare()` installs the wiki once (irs/mediawiki.py), then seeds it: the demo accounts with
the demo password (irs/demo.py), a user who harasses the Reporter on talk pages (signed
comments in several threads), the pages the demo configuration's help methods name, a
noticeboard, the IRS entry-point script in MediaWiki:Common.js and a bot password for
noticeboard delivery. Every step is idempotent: pages and accounts are seeded once per
SEED_VERSION; the port, the entry-point address and the bot password follow each run.
`manage.py demo_wiki` runs it and points the IRS demo wiki at it.
"""

import os
import secrets
import shlex
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from irs import demo
from irs.mediawiki import MediaWiki, available

SITENAME = "Demo Wiki"
DBNAME = "demowiki"
HARASSER = "Grimsby"
BOT = "IRS bot"
BOT_APPID = "irs"
CREDENTIAL = "demowiki-bot"
TALK_PAGE = "User talk:Reporter"
ARTICLE_TALK_PAGE = "Talk:Lighthouse"
# Bump when the seeded pages or accounts change: the next demo seeds them again.
SEED_VERSION = "1"


@dataclass
class DemoWiki:
    wiki: MediaWiki
    environment: dict[str, str]

    @property
    def talk_page_url(self) -> str:
        return self.wiki.page_url(TALK_PAGE)


def _stamp(when: datetime) -> str:
    return f"{when:%H:%M}, {when.day} {when:%B %Y} (UTC)"


def _signature(user: str, when: datetime) -> str:
    return f"[[User:{user}|{user}]] ([[User talk:{user}|talk]]) {_stamp(when)}"


def _thread(start: datetime, comments: list[tuple[str, str]]) -> str:
    """Wikitext of signed comments, each reply indented one more level, minutes apart."""
    lines = []
    for depth, (user, text) in enumerate(comments):
        when = start + timedelta(minutes=37 * depth)
        lines.append(f"{':' * depth}{text} {_signature(user, when)}")
    return "\n".join(lines)


def pages(now: datetime) -> dict[str, str]:
    """The demo wiki's pages: title to wikitext (signatures dated a few days before `now`)."""
    day = (now - timedelta(days=6)).replace(hour=9, minute=12, second=0, microsecond=0)
    talk = "\n\n".join(
        [
            "== Your edits to Lighthouse ==\n"
            + _thread(
                day,
                [
                    (HARASSER, "You reverted my edit to [[Lighthouse]] again. Nobody asked you."),
                    (
                        "Reporter",
                        "I reverted it because the source gives 49 m, not 52 m. Happy to "
                        "discuss it on [[Talk:Lighthouse]].",
                    ),
                    (
                        HARASSER,
                        "Discuss? You have no idea what you are doing. Stay away from articles "
                        "you do not understand, or else.",
                    ),
                ],
            ),
            "== Stop following me ==\n"
            + _thread(
                day + timedelta(days=2),
                [
                    (
                        HARASSER,
                        "I see you on every page I edit. Keep this up and everyone will know "
                        "what kind of person you are.",
                    ),
                    ("Reporter", "I am not following you. Please stop writing to me like this."),
                    (
                        HARASSER,
                        "I know where you post outside this wiki too, and what your real name "
                        "is. Think about that.",
                    ),
                ],
            ),
            "== Thank you ==\n"
            + _thread(
                day + timedelta(days=3),
                [
                    ("Newcomer", "Thanks for helping me with my first article!"),
                    ("Reporter", "You are welcome. Ask me anything."),
                ],
            ),
        ]
    )
    article_talk = "\n\n".join(
        [
            "== Height of the tower ==\n"
            + _thread(
                day + timedelta(days=1),
                [
                    ("Reporter", "The article said 52 m, the source says 49 m. I changed it."),
                    (
                        HARASSER,
                        "Only an idiot would trust that source. Revert yourself or I will make "
                        "sure you regret it.",
                    ),
                    ("Newcomer", "The source looks reliable to me."),
                    (HARASSER, "Another clueless newbie. Go away, both of you."),
                ],
            ),
            "== Photos ==\n"
            + _thread(
                day + timedelta(days=4),
                [("Newcomer", "Could someone add a photo of the lamp room?")],
            ),
        ]
    )
    return {
        "Main Page": (
            "Welcome to the '''Demo Wiki''', the wiki of the IRS demo.\n\n"
            f"Log in as a demo user, then open [[{TALK_PAGE}]] or [[{ARTICLE_TALK_PAGE}]]: "
            "next to each signed comment there is a ''Report'' link."
        ),
        "Lighthouse": (
            "A '''lighthouse''' is a tower that shows a light to guide ships. The one in this "
            "article is 49 m tall.<ref>Harbour authority, ''Lights of the coast'', 2019.</ref>"
            "\n\n== References ==\n<references />"
        ),
        TALK_PAGE: talk,
        ARTICLE_TALK_PAGE: article_talk,
        f"User:{HARASSER}": "I edit articles about lighthouses. I do not suffer fools.",
        "User:Reporter": "A volunteer editor interested in maritime history.",
        demo.DEMO_NOTICEBOARD: (
            "Report incidents that need the attention of administrators here. Reports sent "
            "through the incident reporting system appear below.\n"
        ),
        demo.DEMO_ADMINS_PAGE: (
            "Ask the administrators for help here: a new section at the bottom, signed."
        ),
        demo.DEMO_COMMUNITY_PAGE: (
            "The community portal: who does what on this wiki, and where to ask for help."
        ),
    }


def common_js(irs_url: str) -> str:
    return (
        "/* The incident reporting system: Report menus next to comments (docs/onwiki.md). */\n"
        f"mw.loader.load('{irs_url.rstrip('/')}/embed/{demo.DEMO_WIKI}/entry.js?lang=' + "
        "mw.config.get('wgUserLanguage'));\n"
    )


def _seed_pages_and_users(wiki: MediaWiki) -> None:
    for username, _description, facts in demo.DEMO_ACCOUNTS:
        groups = ("sysop",) if username == "WikiAdmin" else ()
        wiki.create_user(username, demo.DEMO_PASSWORD, groups=groups)
        if facts.get("blocked"):
            wiki.block(username, reason="Demo block")
    wiki.create_user(HARASSER, f"Pw-{secrets.token_hex(8)}")
    for title, text in pages(datetime.now(UTC)).items():
        wiki.edit(title, text, summary="Demo content")


def _bot_password(wiki: MediaWiki) -> str:
    """The bot's password, made once and kept (mode 0600) under the wiki's folder."""
    kept = wiki.root / "bot-password.txt"
    if kept.is_file():
        return kept.read_text().strip()
    wiki.create_user(BOT, f"Pw-{secrets.token_hex(8)}", groups=("bot",))
    _name, password = wiki.create_bot_password(BOT, BOT_APPID)
    kept.touch(mode=0o600)
    kept.write_text(password + "\n")
    return password


def credential_environment(wiki: MediaWiki, password: str) -> dict[str, str]:
    stem = "IRS_CREDENTIAL_DEMOWIKI_BOT"
    return {
        f"{stem}_USER": f"{BOT}@{BOT_APPID}",
        f"{stem}_PASSWORD": password,
        f"{stem}_WIKIS": demo.DEMO_WIKI,
        f"{stem}_API": wiki.api_url,
        "IRS_DEMO_MEDIAWIKI_URL": wiki.url,
        "IRS_ROUTING_ALLOW_INSECURE_URLS": "1",  # the wiki is plain http on loopback
    }


def prepare(root: Path, port: int, irs_url: str) -> DemoWiki:
    """Install (once) and seed the demo's MediaWiki in `root`, to be served on `port`.
    Raises RuntimeError when MediaWiki or php is missing or an install step fails."""
    problem = available()
    if problem:
        raise RuntimeError(problem)
    root.mkdir(parents=True, exist_ok=True)
    wiki = MediaWiki(root=root, port=port)
    if not wiki.installed:
        wiki.install(SITENAME, DBNAME)
    wiki.move_to_port(port)
    seeded = root / "seeded.txt"
    if not seeded.is_file() or seeded.read_text().strip() != SEED_VERSION:
        _seed_pages_and_users(wiki)
        seeded.write_text(SEED_VERSION + "\n")
    script = common_js(irs_url)
    loaded = root / "common-js.txt"
    if not loaded.is_file() or loaded.read_text() != script:
        wiki.edit("MediaWiki:Common.js", script, summary="Load the incident reporting system")
        loaded.write_text(script)
    environment = credential_environment(wiki, _bot_password(wiki))
    (root / "demo.env").write_text(
        "".join(f"export {name}={shlex.quote(value)}\n" for name, value in environment.items())
    )
    os.chmod(root / "demo.env", 0o600)
    return DemoWiki(wiki=wiki, environment=environment)
