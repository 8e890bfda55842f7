"""The Nu HTML checker (vnu.jar) on every IRS page the browser tests visit.

The checker comes from the npm package `vnu-jar`, pinned in testing/vnu/package.json and
installed into testing/vnu/node_modules by bin/test (`ensure_vnu` in bin/_lib.sh); it runs on
the machine's Java. `Pages.watch(context, test)` keeps the HTML of every document a browser
context loads that is IRS's (it loads irs/irs.css, the rule the axe-core check uses too), as
the server sent it; `validate(pages)` checks them all in one run of the checker (starting
Java costs seconds, so testing/browser.py calls it once per test module) and returns its
errors, each with the page, the test that visited it, the line and the extract. Warnings
are not returned.
"""

import hashlib
import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

VNU_DIR = Path(__file__).resolve().parent / "vnu"
VNU_JAR = Path(
    os.environ.get(
        "IRS_VNU_JAR", VNU_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    )
)
JAVA = os.environ.get("IRS_JAVA", "java")
INSTALL_HINT = (
    "npm install --prefix testing/vnu --no-package-lock --ignore-scripts"
    " (bin/test does it; the checker also needs Java)"
)
IRS_STYLESHEET = "/irs/irs.css"
# Generous: one run checks a whole module's pages (a few hundred at most).
TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class Visited:
    test: str
    url: str
    html: str


@dataclass
class Pages:
    """The IRS pages loaded by the watched browser contexts, each distinct document once."""

    visited: list[Visited] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set)

    def add(self, test: str, url: str, html: str) -> None:
        digest = hashlib.sha256(html.encode()).hexdigest()
        if digest not in self._seen:
            self._seen.add(digest)
            self.visited.append(Visited(test, url, html))

    def clear(self) -> None:
        self.visited.clear()
        self._seen.clear()

    def watch(self, context, test: str) -> None:
        """Keep the HTML of every IRS document (page or frame) that `context` loads."""

        def on_finished(request):
            # Once the body has arrived (never waiting for it inside the event), so that
            # reading it cannot hold up the page's own navigation events.
            if request.resource_type != "document":
                return
            try:
                response = request.response()
                if response is None or 300 <= response.status < 400:
                    return  # a redirect has no document (error pages are checked too)
                if not response.headers.get("content-type", "").startswith("text/html"):
                    return
                html = response.text()
            except Exception:  # noqa: BLE001 - a page gone before its body was read
                return
            if IRS_STYLESHEET in html:
                self.add(test, response.url, html)

        context.on("requestfinished", on_finished)


def available() -> bool:
    return VNU_JAR.is_file()


def validate(pages: list[Visited]) -> list[str]:
    """The checker's errors on `pages` (one run of vnu.jar), described for a test failure."""
    if not pages:
        return []
    if not available():
        raise RuntimeError(f"The Nu HTML checker is not installed at {VNU_JAR}: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="irs-vnu-") as folder:
        files = {}
        for number, page in enumerate(pages, 1):
            path = Path(folder) / f"page-{number:04d}.html"
            path.write_text(page.html, encoding="utf-8")
            files[path.as_uri()] = page
            files["file:" + str(path)] = page
        run = subprocess.run(
            [JAVA, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always"]
            + [str(Path(folder) / f"page-{n:04d}.html") for n in range(1, len(pages) + 1)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    try:
        messages = json.loads(run.stderr or run.stdout)["messages"]
    except (ValueError, KeyError) as error:
        raise RuntimeError(f"The Nu HTML checker answered oddly: {run.stderr[:2000]}") from error
    problems = []
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        page = files.get(message.get("url", ""))
        where = f"{page.url} (visited by {page.test})" if page else message.get("url", "?")
        line = message.get("lastLine", "?")
        extract = " ".join(str(message.get("extract", "")).split())
        problems.append(f"{where}, line {line}: {message.get('message')}\n    {extract}")
    return problems
