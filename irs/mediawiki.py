"""A real MediaWiki 1.39 (Debian's package) on loopback: the tests' wiki and the demo's.

`MediaWiki(root)` installs a wiki with SQLite in the folder `root` and serves it with PHP's
built-in server on 127.0.0.1. Helpers create users, bot passwords, pages, protections and
blocks through the wiki's own maintenance scripts and API, the way an operator would. The
tests use it through testing/mediawiki.py (a fresh wiki per test session), the demo through
`manage.py demo_wiki` (one wiki under var/, kept between runs; irs/demo_wiki.py seeds it).

Needs the Debian packages mediawiki, php8.2-cli and php8.2-sqlite3 (bin/test and bin/demo
install them).
"""

import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import requests

from irs.ports import free_port, wait_for_port, wait_for_port_closed

MEDIAWIKI_DIR = Path(os.environ.get("IRS_MEDIAWIKI_DIR", "/usr/share/mediawiki"))
ADMIN = "Admin"
ADMIN_PASSWORD = "Admin-password-" + "x" * 8

_EXTRA_SETTINGS = """
# --- added by irs/mediawiki.py ---
$wgEnableBotPasswords = true;
// read_only(): the wiki refuses every write while this file exists ($wgReadOnly).
if ( is_file( __DIR__ . '/readonly.txt' ) ) {
    $wgReadOnly = trim( file_get_contents( __DIR__ . '/readonly.txt' ) );
}
$wgRateLimits = [];
$wgPasswordPolicy['policies']['default'] = [];
$wgPasswordPolicy['policies']['sysop'] = [];
$wgPasswordPolicy['policies']['bot'] = [];
$wgMainCacheType = CACHE_NONE;
$wgParserCacheType = CACHE_NONE;
$wgEnableEmail = true;
$wgEnableUserEmail = true;
$wgEmailAuthentication = true;
$wgSMTP = false;
$wgShowExceptionDetails = true;
$wgJobRunRate = 1;
$wgUseSiteJs = true;
$wgAllowSiteCSSOnRestrictedPages = true;
$wgRawHtml = false;
$wgAutoConfirmAge = 0;
$wgAutoConfirmCount = 0;
"""


@dataclass
class MediaWiki:
    """One running wiki. `url` is its base (index.php and api.php live directly under it)."""

    root: Path
    port: int = 0
    process: subprocess.Popen | None = None
    bot_passwords: dict = field(default_factory=dict)

    # -- facts ---------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api.php"

    @property
    def config_file(self) -> Path:
        return self.root / "LocalSettings.php"

    @contextlib.contextmanager
    def read_only(self, reason: str = "Database maintenance"):
        """The wiki in read-only mode ($wgReadOnly) inside the block: writes are refused with
        the API error `readonly`."""
        flag = self.root / "readonly.txt"
        flag.write_text(reason)
        try:
            yield
        finally:
            flag.unlink(missing_ok=True)

    def page_url(self, title: str) -> str:
        return self.page_url_under(self.url, title)

    @staticmethod
    def page_url_under(url: str, title: str) -> str:
        """A page's address on a wiki served at `url` (index.php right under it)."""
        return f"{url.rstrip('/')}/index.php?title={requests.utils.quote(title.replace(' ', '_'))}"

    def _env(self) -> dict:
        env = dict(os.environ)
        env["MW_CONFIG_FILE"] = str(self.config_file)
        env["PHP_CLI_SERVER_WORKERS"] = "4"
        return env

    # -- life cycle ----------------------------------------------------------------------
    @property
    def installed(self) -> bool:
        return self.config_file.is_file()

    def install(self, sitename: str = "TestWiki", dbname: str = "testwiki") -> None:
        self.port = self.port or free_port()
        data = self.root / "data"
        data.mkdir(parents=True, exist_ok=True)
        self.maintenance(
            "install.php",
            "--dbtype", "sqlite", "--dbpath", str(data), "--dbname", dbname,
            "--server", self.url, "--scriptpath", "", "--lang", "en",
            "--pass", ADMIN_PASSWORD, "--confpath", str(self.root),
            sitename, ADMIN,
        )  # fmt: skip
        with self.config_file.open("a") as settings:
            settings.write(_EXTRA_SETTINGS)

    def move_to_port(self, port: int) -> None:
        """Serve an installed wiki on another port from now on ($wgServer follows)."""
        self.port = port
        text = self.config_file.read_text()
        moved = re.sub(r"^\$wgServer = .*$", f'$wgServer = "{self.url}";', text, flags=re.M)
        if moved != text:
            self.config_file.write_text(moved)

    def server_command(self) -> tuple[list[str], dict, str]:
        """PHP's built-in server for this wiki: (argv, environment, working directory)."""
        argv = ["php", "-S", f"127.0.0.1:{self.port}", "-t", str(MEDIAWIKI_DIR)]
        return argv, self._env(), str(MEDIAWIKI_DIR)

    def start(self) -> None:
        """Serve the wiki (again, on the same port: tests stop and start it for outages)."""
        if self.process and self.process.poll() is None:
            return
        log = (self.root / "php-server.log").open("ab")
        argv, env, cwd = self.server_command()
        self.process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        """Stop serving: the server and its worker processes (one process group)."""
        if self.process is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=5)
                break
            except subprocess.TimeoutExpired:
                continue
        wait_for_port_closed(self.port)
        self.process = None

    # -- operator tools ------------------------------------------------------------------
    def maintenance(self, script: str, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run(
            ["php", str(MEDIAWIKI_DIR / "maintenance" / script), *args],
            cwd=str(MEDIAWIKI_DIR),
            env=self._env(),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{script} {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def create_user(
        self,
        name: str,
        password: str | None = None,
        *,
        email: str | None = None,
        groups: tuple[str, ...] = (),
    ) -> str:
        """Create (or update) a user; with `email`, its address is set and confirmed."""
        password = password or f"Pw-{secrets.token_hex(8)}"
        args = ["--force"]
        args += [f"--{group}" for group in groups if group in ("sysop", "bot", "bureaucrat")]
        custom = [group for group in groups if group not in ("sysop", "bot", "bureaucrat")]
        if custom:
            args.append("--custom-groups=" + ",".join(custom))
        args += [name, password]
        self.maintenance("createAndPromote.php", *args)
        if email:
            self.maintenance("resetUserEmail.php", "--no-reset-password", name, email)
        return password

    def create_bot_password(
        self,
        user: str,
        appid: str = "irs",
        grants: str = "basic,editpage,editprotected,highvolume,createeditmovepage",
    ) -> tuple[str, str]:
        """A bot password for `user`; returns (lgname, lgpassword) for action=login."""
        password = secrets.token_hex(16)  # 32 chars of [0-9a-f]: the form the script accepts
        self.maintenance(
            "createBotPassword.php", "--appid", appid, "--grants", grants, user, password,
        )  # fmt: skip
        credentials = (f"{user}@{appid}", password)
        self.bot_passwords[(user, appid)] = credentials
        return credentials

    def edit(self, title: str, text: str, summary: str = "test", user: str = ADMIN) -> None:
        self.maintenance("edit.php", "--user", user, "--summary", summary, title, stdin=text)

    def protect(self, title: str, semi: bool = False) -> None:
        """Protect a page: only sysops may edit it (autoconfirmed users with `semi`)."""
        args = ["--semiprotect"] if semi else []
        self.maintenance("protect.php", "--user", ADMIN, *args, title)

    def block(self, user: str, reason: str = "test block") -> None:
        self.maintenance("blockUsers.php", "--performer", ADMIN, "--reason", reason,
                         stdin=f"{user}\n")  # fmt: skip

    # -- reading -------------------------------------------------------------------------
    def api(self, **params) -> dict:
        params.setdefault("format", "json")
        params.setdefault("formatversion", "2")
        response = requests.get(self.api_url, params=params, timeout=20)
        response.raise_for_status()
        return response.json()

    def wikitext(self, title: str) -> str:
        data = self.api(action="query", prop="revisions", rvprop="content", rvslots="main",
                        titles=title)  # fmt: skip
        page = data["query"]["pages"][0]
        if page.get("missing"):
            return ""
        return page["revisions"][0]["slots"]["main"]["content"]

    def rendered_html(self, title: str) -> str:
        data = self.api(action="parse", page=title, prop="text")
        return data["parse"]["text"]

    def latest_revision(self, title: str) -> int:
        data = self.api(action="query", prop="revisions", rvprop="ids", titles=title)
        return data["query"]["pages"][0]["revisions"][0]["revid"]


def available() -> str:
    """Why MediaWiki cannot run here ("" when it can)."""
    if not (MEDIAWIKI_DIR / "maintenance" / "install.php").exists():
        return f"MediaWiki is not installed (no {MEDIAWIKI_DIR}; Debian package mediawiki)"
    if not shutil.which("php"):
        return "php is missing (Debian packages php8.2-cli php8.2-sqlite3)"
    return ""


def start_mediawiki(root: Path) -> MediaWiki:
    problem = available()
    if problem:
        raise RuntimeError(
            f"{problem}: apt-get install mediawiki php8.2-cli php8.2-sqlite3 (bin/test does this)"
        )
    wiki = MediaWiki(root=root)
    wiki.install()
    wiki.start()
    return wiki
