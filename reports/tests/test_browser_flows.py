"""The reporter flows clicked through in real Chromium, in English and Portuguese."""

import pytest
from playwright.sync_api import expect

from irs import demo
from reports.models import Flow, Report, Status
from testing.browser import login

from .helpers import enable_direct_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {
        "choose": "What do you want to report?",
        "emergency": "Immediate threat of physical harm",
        "non-emergency": "Unacceptable user behavior",
        "self-harm": "Threats of self-harm",
        "continue": "Continue",
        "reported-user": "User you want to report",
        "details": "Additional information",
        "left": "characters left",
        "submit": "Submit report",
        "submitted": "Your report was submitted for review",
        "call": "call your local emergency services",
        "kind": "What kind of behavior?",
        "intimidation": "Intimidation or aggressive behavior",
        "what-happened": "What happened?",
        "sent": "Your report was sent",
        "what-next": "What to do next",
        "my-reports": "My reports",
        "received": "Received",
    },
    "pt": {
        "choose": "O que quer denunciar?",
        "emergency": "Ameaça imediata de dano físico",
        "non-emergency": "Comportamento inaceitável de um utilizador",
        "self-harm": "Ameaças de autolesão",
        "continue": "Continuar",
        "reported-user": "Utilizador que quer denunciar",
        "details": "Informações adicionais",
        "left": "Restam",
        "submit": "Enviar denúncia",
        "submitted": "A sua denúncia foi enviada para análise",
        "call": "serviços de emergência locais",
        "kind": "Que tipo de comportamento?",
        "intimidation": "Intimidação ou comportamento agressivo",
        "what-happened": "O que aconteceu?",
        "sent": "A sua denúncia foi enviada",
        "what-next": "O que fazer a seguir",
        "my-reports": "As minhas denúncias",
        "received": "Recebida",
    },
}


@pytest.fixture
def people(db):
    wiki = demo.ensure_wiki()
    demo.make_user(wiki, "Reporter")
    demo.make_user(wiki, "Trollface")
    return wiki


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_a_person_reports_an_immediate_threat(page, live_server, screenshot, people, lang):
    words = WORDS[lang]
    login(page, live_server.url, "Reporter")
    page.goto(
        f"{live_server.url}/w/demowiki/report?page=Talk:Main_Page&revid=42"
        f"&thread=c-Trollface-20260101&source=comment&uselang={lang}"
    )
    expect(page.get_by_role("heading", name=words["choose"], level=1)).to_be_visible()
    expect(page.locator(".context")).to_contain_text("Talk:Main Page")
    screenshot(page, "step-1")

    page.get_by_role("button", name=words["continue"]).click()
    expect(page.locator("#error-summary")).to_be_visible()
    screenshot(page, "step-1-validation")

    page.get_by_label(words["emergency"]).check()
    page.get_by_label(words["self-harm"]).check()
    page.get_by_role("button", name=words["continue"]).click()

    reported_user = page.get_by_label(words["reported-user"])
    expect(reported_user).to_be_visible()
    expect(page.locator(".context")).to_contain_text("Talk:Main Page")
    reported_user.press_sequentially("Trollf")
    page.get_by_role("option", name="Trollface").click()
    expect(reported_user).to_have_value("Trollface")
    page.get_by_label(words["details"]).fill("They wrote that they will hurt themselves tonight.")
    expect(page.locator("#id_details-counter")).to_contain_text(words["left"])
    expect(page.locator("#id_details-counter")).to_contain_text("950")
    screenshot(page, "step-2-emergency-form")

    page.get_by_role("button", name=words["submit"]).click()
    expect(page.get_by_role("heading", name=words["submitted"])).to_be_visible()
    expect(page.locator("main")).to_contain_text(words["call"])
    screenshot(page, "confirmation")

    report = Report.objects.get()
    assert report.flow == Flow.EMERGENCY
    assert report.harm_subtype == "self-harm"
    assert report.reported_user == "Trollface"
    assert report.revision_id == 42
    assert report.language == lang
    assert report.reference in page.content()

    page.get_by_role("link", name=words["my-reports"]).click()
    expect(page.get_by_role("cell", name=report.reference)).to_be_visible()
    expect(page.locator("tbody")).to_contain_text(words["received"])
    screenshot(page, "my-reports")


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_a_person_files_a_direct_report_to_the_community(
    page, live_server, screenshot, people, lang
):
    words = WORDS[lang]
    enable_direct_report(people, "intimidation")
    login(page, live_server.url, "Reporter")
    page.goto(f"{live_server.url}/w/demowiki/report?user=Trollface&source=user&uselang={lang}")
    expect(page.locator(".context")).to_contain_text("Trollface")
    screenshot(page, "step-1")
    page.get_by_label(words["non-emergency"]).check()
    page.get_by_role("button", name=words["continue"]).click()

    expect(page.get_by_role("heading", name=words["kind"])).to_be_visible()
    screenshot(page, "step-2-type")
    page.get_by_label(words["intimidation"]).check()
    page.get_by_role("button", name=words["continue"]).click()

    expect(page.get_by_role("heading", name=words["intimidation"], level=1)).to_be_visible()
    expect(page.get_by_role("heading", name=words["what-next"])).to_be_visible()
    screenshot(page, "step-3-support")
    page.get_by_role("button", name=words["submit"]).click()
    expect(page.locator("#error-summary")).to_be_visible()
    page.get_by_label(words["what-happened"]).fill("Trollface insults me on every talk page.")
    screenshot(page, "step-3-direct-report")
    page.get_by_role("button", name=words["submit"]).click()

    expect(page.get_by_role("heading", name=words["sent"])).to_be_visible()
    screenshot(page, "confirmation")
    filed = Report.objects.get(filed=True)
    assert filed.incident_type == "intimidation"
    assert filed.reported_user == "Trollface"
    assert filed.direct_report_text == "Trollface insults me on every talk page."
    assert filed.status == Status.NEW
    assert Report.objects.filter(filed=False, incident_type="intimidation").count() == 1


def _tab_to(page, selector: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement?.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def test_a_person_completes_the_emergency_flow_with_the_keyboard_only(
    page, live_server, screenshot, people
):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server.url, "Reporter")
    page.goto(f"{live_server.url}/w/demowiki/report?page=Talk:Main_Page&source=tools")
    screenshot(page, "step-1-mobile")

    _tab_to(page, "input[name=flow]")
    for _ in range(3):
        if page.is_checked("#id_flow_emergency"):
            break
        page.keyboard.press("ArrowDown")
    assert page.is_checked("#id_flow_emergency")
    _tab_to(page, "input[name=harm_subtype]")
    page.keyboard.press("Space")
    assert page.is_checked("input[name=harm_subtype][value=physical-harm]")
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.locator("#id_reported_user")).to_be_visible()
    _tab_to(page, "#id_reported_user")
    page.keyboard.type("Troll")
    expect(page.get_by_role("option", name="Trollface")).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#id_reported_user")).to_have_value("Trollface")
    _tab_to(page, "#id_details")
    page.keyboard.type("Threat posted on the talk page.")
    screenshot(page, "step-2-keyboard")
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Your report was submitted for review")).to_be_visible()
    screenshot(page, "confirmation-mobile")
    report = Report.objects.get()
    assert (report.harm_subtype, report.reported_user, report.details) == (
        "physical-harm",
        "Trollface",
        "Threat posted on the talk page.",
    )
    assert report.source == "tools"


def test_arabic_mirrors_the_layout(page, live_server, screenshot, people):
    login(page, live_server.url, "Reporter")
    page.goto(f"{live_server.url}/w/demowiki/report?page=Talk:Main_Page&uselang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    radio = page.locator("#id_flow_emergency").bounding_box()
    label = page.locator("label[for=id_flow_emergency]").bounding_box()
    assert radio["x"] > label["x"], "the radio button should sit at the right of its label"
    screenshot(page, "step-1-rtl")


def test_the_kinds_of_threat_appear_once_a_threat_is_chosen(page, live_server, screenshot, people):
    login(page, live_server.url, "Reporter")
    page.goto(f"{live_server.url}/w/demowiki/report?page=Talk:Main_Page")
    subtypes = page.locator("#harm-subtypes")
    expect(subtypes).to_be_hidden()
    page.locator("#id_flow_emergency").check()
    expect(subtypes).to_be_visible()
    expect(subtypes).to_contain_text("For example")
    screenshot(page, "subtypes-shown")
    page.locator("#id_flow_non_emergency").check()
    expect(subtypes).to_be_hidden()
    # A refused choice comes back with the threat chosen: its kinds are shown at once.
    page.locator("#id_flow_emergency").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(subtypes).to_be_visible()
