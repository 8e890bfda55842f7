"""How small is the entry-point script, and how fast does the Report dialog open?

Starts a real MediaWiki 1.39 on loopback (testing/mediawiki.py), IRS on loopback (a fresh
SQLite database in a temporary folder), installs the entry point in MediaWiki:Common.js and
drives Debian's Chromium:

- size: the entry point as served, raw and gzipped (target: under 3 KB gzipped), and the
  menu and dialog scripts it loads on first use;
- time from a click on a comment's ⋮ button to its menu (first click: menu script too), and
  from a click on the menu's Report to the dialog showing the loaded report flow (first
  click: dialog script + frame; later clicks: frame only), against a baseline in the same
  run: clicking a plain same-origin link on the same wiki page until that page loaded;
- layout shift (CLS, as Chromium reports it) of the talk page with the entry point.

    python benchmarks/embed_script.py [--runs 10]
"""

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
PASSWORD = "Bench-password-1"
TALK = "Talk:Benchmark"


def setup_django(tmp: Path) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ["IRS_VAR_DIR"] = str(tmp / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irs.settings")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def serve_irs():
    """IRS on 127.0.0.1 at a free port, threaded, static files included; returns its URL."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet, allow_reuse_address=False)
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def prepare(mediawiki, irs_url: str):
    from django.conf import settings

    from irs import demo
    from testing.mediawiki import irs_wiki_for

    settings.SITE_URL = irs_url
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    wiki = irs_wiki_for(mediawiki, "benchwiki", min_account_age_seconds=0)
    demo.make_user(wiki, "Bench Reporter", password=PASSWORD)  # local account, same name
    mediawiki.create_user("Bench Reporter", PASSWORD, email="bench@example.org")
    mediawiki.create_user("Bench Bob", PASSWORD)
    mediawiki.edit(TALK, "== A topic ==\nFirst. ~~~~", user="Bench Reporter")
    mediawiki.edit(TALK, mediawiki.wikitext(TALK) + "\n:Second. ~~~~", user="Bench Bob")
    mediawiki.edit("MediaWiki:Common.js", f"mw.loader.load('{irs_url}/embed/benchwiki/entry.js');")
    return wiki


def sizes(irs_url: str) -> dict:
    import requests

    entry = requests.get(f"{irs_url}/embed/benchwiki/entry.js", timeout=10).content
    menu = requests.get(f"{irs_url}/embed/menu.js", timeout=10).content
    dialog = requests.get(f"{irs_url}/embed/dialog.js", timeout=10).content
    return {
        "entry_raw": len(entry),
        "entry_gzip": len(gzip.compress(entry, 9)),
        "menu_raw": len(menu),
        "menu_gzip": len(gzip.compress(menu, 9)),
        "dialog_raw": len(dialog),
        "dialog_gzip": len(gzip.compress(dialog, 9)),
    }


LAYOUT_SHIFTS = """
window.irsCls = 0;
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) { if (!e.hadRecentInput) window.irsCls += e.value; });
}).observe({ type: 'layout-shift', buffered: true });
"""


def timings(mediawiki, irs_url: str, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    first, warm, baseline, overlay, menu_first, menu_warm, shifts = [], [], [], [], [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             headless=True, args=CHROMIUM_ARGS)  # fmt: skip
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1000, "height": 900})
            page = context.new_page()
            page.goto(mediawiki.page_url("Special:UserLogin"))
            page.fill("#wpName1", "Bench Reporter")
            page.fill("#wpPassword1", PASSWORD)
            page.click("#wpLoginAttempt")
            page.wait_for_load_state()
            page.goto(f"{irs_url}/accounts/login/")
            page.fill("#id_username", "Bench Reporter")
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state()

            page.add_init_script(LAYOUT_SHIFTS)
            page.goto(mediawiki.page_url(TALK))
            button = page.locator("button.irs-more-comment").nth(1)
            button.wait_for()
            page.wait_for_timeout(500)
            shifts.append(page.evaluate("window.irsCls"))
            for series, menu_series in ((first, menu_first), (warm, menu_warm)):
                start = time.perf_counter()
                button.click()
                page.wait_for_selector(".irs-menu [role=menuitem]")
                menu_series.append(time.perf_counter() - start)
                start = time.perf_counter()
                page.click(".irs-menu [role=menuitem]")
                if series is first:
                    page.wait_for_selector(".irs-dialog")
                    overlay.append(time.perf_counter() - start)
                page.wait_for_selector(".irs-dialog[data-loaded]")
                series.append(time.perf_counter() - start)
                page.keyboard.press("Escape")
                page.wait_for_selector(".irs-dialog", state="detached")

            # Baseline: a plain same-origin link on the same page (the page's own permalink).
            plain = page.locator("#t-permalink a")
            start = time.perf_counter()
            plain.click()
            page.wait_for_load_state("load")
            baseline.append(time.perf_counter() - start)
            context.close()
        browser.close()
    return {"first": first, "warm": warm, "baseline": baseline, "overlay": overlay,
            "menu_first": menu_first, "menu_warm": menu_warm, "cls": shifts}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="irs-embed-bench-"))
    setup_django(tmp)
    from testing.mediawiki import start_mediawiki

    mediawiki = start_mediawiki(tmp / "mediawiki")
    server, irs_url = serve_irs()
    try:
        prepare(mediawiki, irs_url)
        size = sizes(irs_url)
        times = timings(mediawiki, irs_url, args.runs)
    finally:
        server.shutdown()
        mediawiki.stop()

    print(
        f"Entry point: {size['entry_raw']} bytes, {size['entry_gzip']} bytes gzipped "
        f"({size['entry_gzip'] / 3072:.0%} of the 3 KB budget)"
    )
    print(
        f"Menu script (loaded on the first ⋮ click): {size['menu_raw']} bytes, "
        f"{size['menu_gzip']} bytes gzipped"
    )
    print(
        f"Dialog script (loaded on the first Report click): {size['dialog_raw']} bytes, "
        f"{size['dialog_gzip']} bytes gzipped"
    )
    print(f"Layout shift of the talk page (CLS, largest of {args.runs}): {max(times['cls']):.4f}")
    base = statistics.median(times["baseline"])
    print(f"\nClick to shown, median of {args.runs} runs (Chromium, loopback):")
    print(f"  baseline: plain same-origin link to page loaded   {base * 1000:7.0f} ms   1.00x")
    for key, label in (
        ("menu_first", "first ⋮ click: menu shown (script loaded) "),
        ("menu_warm", "later ⋮ click: menu shown                 "),
        ("overlay", "first Report: overlay shown (script)    "),
        ("first", "first Report: report flow loaded in it  "),
        ("warm", "later Report: report flow loaded in it  "),
    ):
        value = statistics.median(times[key])
        print(f"  {label}    {value * 1000:7.0f} ms   {value / base:.2f}x")


if __name__ == "__main__":
    main()
