"""Both reporter flows in Arabic (right to left) and Korean, the languages of the original
research pilots' neighbours, clicked through in Chromium with screenshots: every page speaks
the language, Arabic pages are laid out right to left, and no English is left on any page
except what people wrote (user names, page titles, the wiki's name, the report's text)."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from irs import demo
from reports.models import Flow, Report
from testing.browser import login

from .helpers import enable_direct_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What people wrote or named, and format names, which stay as written; anything else in Latin
# letters on a page is English that was not translated.
PEOPLE_WROTE = [
    "Talk:Main Page",
    "Trollface",
    "Reporter",
    "Demo Wiki",
    "demowiki",
    "IRS",
    "JSON",
    "Trust and Safety",
]  # the safety team's name, as its operators set it
DETAILS = "They wrote that they will hurt themselves tonight."
WHAT_HAPPENED = "Trollface insults me on every talk page."


def words(lang: str) -> dict:
    # A name of its own so that makemessages does not take these (the app's) as the tests'.
    t = translation.gettext
    with translation.override(lang):
        return {
            "choose": t("What do you want to report?"),
            "emergency": t("Immediate threat of physical harm"),
            "non-emergency": t("Unacceptable user behavior"),
            "self-harm": t("Threats of self-harm"),
            "continue": t("Continue"),
            "reported-user": t("User you want to report"),
            "details": t("Additional information"),
            "submit": t("Submit report"),
            "submitted": t("Your report was submitted for review"),
            "kind": t("What kind of behavior?"),
            "intimidation": t("Intimidation or aggressive behavior"),
            "what-happened": t("What happened?"),
            "sent": t("Your report was sent"),
            "my-reports": t("My reports"),
        }


def assert_no_english(page, *also_wrote: str) -> None:
    text = page.locator("body").inner_text()
    for written in [*PEOPLE_WROTE, *also_wrote]:
        text = text.replace(written, " ")
    text = re.sub(r"R-[0-9A-Z]{4}-[0-9A-Z]{4}", " ", text)  # report references
    text = re.sub(r"[\w.+-]+@[\w.-]+", " ", text)  # addresses from the configuration
    left = re.findall(r"[A-Za-z]{2,}", text)
    assert not left, f"English left on {page.url}: {left}"


def assert_laid_out(page, lang: str) -> None:
    direction = "rtl" if lang == "ar" else "ltr"
    assert page.get_attribute("html", "lang") == lang
    assert page.get_attribute("html", "dir") == direction
    # The page itself never scrolls sideways (a mirrored layout that overflows would).
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth + 1")


@pytest.fixture
def people(db):
    wiki = demo.ensure_wiki()
    demo.make_user(wiki, "Reporter")
    demo.make_user(wiki, "Trollface")
    return wiki


@pytest.mark.parametrize("lang", ["ar", "ko"])
def test_the_emergency_flow_speaks_the_language(page, live_server, screenshot, people, lang):
    w = words(lang)
    assert w["choose"] != "What do you want to report?", f"no {lang} catalog"
    login(page, live_server.url, "Reporter")
    page.goto(
        f"{live_server.url}/w/demowiki/report?page=Talk:Main_Page&revid=42"
        f"&thread=c-Trollface-20260101&source=comment&uselang={lang}"
    )
    expect(page.get_by_role("heading", name=w["choose"], level=1)).to_be_visible()
    assert_laid_out(page, lang)
    assert_no_english(page, "c-Trollface-20260101")
    screenshot(page, f"{lang}-step-1")

    page.get_by_label(w["emergency"]).check()
    page.get_by_label(w["self-harm"]).check()
    page.get_by_role("button", name=w["continue"]).click()
    reported_user = page.get_by_label(w["reported-user"])
    expect(reported_user).to_be_visible()
    reported_user.fill("Trollface")
    page.get_by_label(w["details"]).fill(DETAILS)
    assert_laid_out(page, lang)
    assert_no_english(page, DETAILS, "c-Trollface-20260101")
    screenshot(page, f"{lang}-step-2")

    page.get_by_role("button", name=w["submit"]).click()
    expect(page.get_by_role("heading", name=w["submitted"])).to_be_visible()
    assert_no_english(page)
    screenshot(page, f"{lang}-confirmation")
    report = Report.objects.get()
    assert report.flow == Flow.EMERGENCY
    assert report.language == lang

    page.get_by_role("link", name=w["my-reports"]).click()
    expect(page.get_by_role("cell", name=report.reference)).to_be_visible()
    assert_laid_out(page, lang)
    assert_no_english(page)
    screenshot(page, f"{lang}-my-reports")


@pytest.mark.parametrize("lang", ["ar", "ko"])
def test_the_direct_report_flow_speaks_the_language(page, live_server, screenshot, people, lang):
    w = words(lang)
    enable_direct_report(people, "intimidation")
    login(page, live_server.url, "Reporter")
    page.goto(f"{live_server.url}/w/demowiki/report?user=Trollface&source=user&uselang={lang}")
    expect(page.get_by_role("heading", name=w["choose"], level=1)).to_be_visible()
    page.get_by_label(w["non-emergency"]).check()
    page.get_by_role("button", name=w["continue"]).click()

    expect(page.get_by_role("heading", name=w["kind"])).to_be_visible()
    assert_laid_out(page, lang)
    assert_no_english(page)
    screenshot(page, f"{lang}-type")
    page.get_by_label(w["intimidation"]).check()
    page.get_by_role("button", name=w["continue"]).click()

    expect(page.get_by_role("heading", name=w["intimidation"], level=1)).to_be_visible()
    assert_laid_out(page, lang)
    assert_no_english(page)
    screenshot(page, f"{lang}-support")
    page.get_by_label(w["what-happened"]).fill(WHAT_HAPPENED)
    page.get_by_role("button", name=w["submit"]).click()

    expect(page.get_by_role("heading", name=w["sent"])).to_be_visible()
    assert_no_english(page)
    screenshot(page, f"{lang}-sent")
    assert Report.objects.get(filed=True).direct_report_text == WHAT_HAPPENED
