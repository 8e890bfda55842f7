from reports.location import Location
from reports.models import Flow, Report, Status
from reports.submission import Submission, submit


def file(user, wiki, token, **extra):
    fields = {"flow": Flow.EMERGENCY, "harm_subtype": "public-harm"}
    fields.update(extra)
    return submit(user, wiki, Submission(token=token * 16, **fields))


def test_my_reports_needs_a_login(client, db):
    response = client.get("/my-reports")
    assert response.status_code == 302
    assert "/accounts/login/" in response.headers["Location"]


def test_a_reporter_sees_their_reports_with_reference_date_wiki_type_and_status(
    client, reporter, other_reporter, wiki
):
    mine = file(reporter, wiki, "a")
    theirs = file(other_reporter, wiki, "b")
    informational = file(
        reporter, wiki, "c", flow=Flow.NON_EMERGENCY, incident_type="spam", filed=False
    )
    client.force_login(reporter)
    text = client.get("/my-reports").content.decode()
    assert mine.reference in text
    assert theirs.reference not in text
    assert "Demo Wiki" in text
    assert "Threats of public harm" in text
    assert "Received" in text
    assert mine.created_at.strftime("%Y") in text
    # Opening a support page is no report to follow: not listed (issue 13, defect 2).
    assert informational.reference not in text
    assert "Support information shown" not in text


def test_support_page_visits_do_not_clutter_my_reports_but_are_recorded(client, reporter, wiki):
    for token in "cde":
        file(reporter, wiki, token, flow=Flow.NON_EMERGENCY, incident_type="spam", filed=False)
    client.force_login(reporter)
    response = client.get("/my-reports")
    assert response.context["reports"] == []
    assert "You have not filed any reports." in response.content.decode()
    assert Report.objects.filter(reporter=reporter, status=Status.INFORMATION).count() == 3


def test_the_list_is_empty_for_someone_who_never_reported(client, outsider):
    client.force_login(outsider)
    assert "You have not filed any reports." in client.get("/my-reports").content.decode()


def test_a_reporter_sees_the_detail_of_their_report(client, reporter, wiki):
    report = file(reporter, wiki, "a", details="Details here", reported_user="Bob")
    client.force_login(reporter)
    response = client.get(f"/my-reports/{report.reference}")
    text = response.content.decode()
    assert response.status_code == 200
    assert report.reference in text
    assert "Details here" in text
    assert "Bob" in text
    assert response.context["report"] == report
    assert "desk/reporter_conversation.html" in [t.name for t in response.templates]


def test_another_users_report_is_not_found(client, reporter, other_reporter, wiki):
    theirs = file(other_reporter, wiki, "b")
    client.force_login(reporter)
    assert client.get(f"/my-reports/{theirs.reference}").status_code == 404
    assert client.get(f"/my-reports/{theirs.reference}/submitted").status_code == 404
    assert client.get("/my-reports/R-NOPE-NOPE").status_code == 404


def test_a_responder_cannot_read_reports_through_the_reporter_pages(
    client, responder, reporter, wiki
):
    report = file(reporter, wiki, "a")
    client.force_login(responder)
    assert client.get(f"/my-reports/{report.reference}").status_code == 404


def test_the_confirmation_of_support_information_goes_to_the_detail(client, reporter, wiki):
    report = file(reporter, wiki, "c", flow=Flow.NON_EMERGENCY, incident_type="spam", filed=False)
    assert report.status == Status.INFORMATION
    client.force_login(reporter)
    response = client.get(f"/my-reports/{report.reference}/submitted")
    assert response.headers["Location"] == f"/my-reports/{report.reference}"
    assert Report.objects.count() == 1


def test_every_status_a_reporter_can_see_is_explained(client, reporter, wiki):
    from reports.models import STATUS_EXPLANATIONS, Report, Status

    assert set(STATUS_EXPLANATIONS) == set(Status)
    client.force_login(reporter)
    for number, status in enumerate(Status):
        Report.objects.create(
            wiki=wiki, reporter=reporter, reporter_username="Reporter", flow="non-emergency",
            incident_type="spam", filed=True, status=status,
            submission_token=f"token-{number:012d}",
        )  # fmt: skip
    mine = client.get("/my-reports").content.decode()
    for report in Report.objects.exclude(status=Status.INFORMATION):
        assert str(STATUS_EXPLANATIONS[report.status]).replace("'", "&#x27;") in mine
        page = client.get(f"/my-reports/{report.reference}").content.decode()
        assert 'id="status-explanation"' in page


def test_the_detail_names_the_comment_or_topic_never_its_raw_id(client, reporter, wiki):
    """Issue 13, defect 11: the page showed the stored thread id as it is."""

    def at(token, thread, **extra):
        place = Location(page="Talk:Lighthouse", thread=thread, user=extra.get("reported_user", ""))
        return file(reporter, wiki, token, location=place, **extra)

    topic = at("t", "Edit_war.21")
    Report.objects.filter(pk=topic.pk).update(
        evidence={"status": "captured", "section": "Edit war!"}
    )
    comment = at("u", "c-20260501-garbled")
    signed = at("v", "c-Grimsby-20260501120000-Edit_war", reported_user="Grimsby")
    client.force_login(reporter)
    text = client.get(f"/my-reports/{topic.reference}").content.decode()
    assert "Edit war!" in text and "Edit_war.21" not in text
    text = client.get(f"/my-reports/{comment.reference}").content.decode()
    assert "c-20260501-garbled" not in text
    assert 'A comment on <bdi class="user-text">Talk:Lighthouse</bdi>' in text
    text = client.get(f"/my-reports/{signed.reference}").content.decode()
    assert "c-Grimsby-20260501120000" not in text and "Grimsby" in text
