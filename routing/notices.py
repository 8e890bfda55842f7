"""Notification emails to people (responders, reporters), through the outbox.

    from routing import notices

    notices.enqueue(
        "someone@example.org",
        "desk/email/new_case",  # renders new_case_subject.txt, new_case.txt, new_case.html
        {"report": report, "url": url},
        language="pt",
        report=report,  # or None (a digest is about no single report)
    )

Call it inside the transaction that records the event the email tells about: the row commits
with the event or not at all, and its send task is queued once the transaction commits. Each
call is one Delivery of kind `notice` for one recipient, sent by the same workers, with the
same claim, lease, backoff, sweeper and dead list as a report's deliveries (routing.delivery),
so one recipient's failure never holds up or drops another's.

The message is rendered here, in `language`, and stored in the row: every attempt sends
exactly what was queued, under one Message-ID (a re-send after a crash is recognisable).
`<template>_subject.txt` (collapsed to one line) and `<template>.txt` are required,
`<template>.html` is used when it exists. An address that is not valid becomes a `dead` row
saying so (operators see it); an empty address sends nothing and returns None.
"""

from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

from routing import outbox
from routing.channels.notice import NoticeChannel


def enqueue(to: str, template: str, context: dict, *, language: str, report=None):
    """Queue one notification email to `to`; returns its Delivery (None if `to` is empty)."""
    address = (to or "").strip()
    if not address:
        return None
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        try:
            html = get_template(f"{template}.html").render(context)
        except TemplateDoesNotExist:
            html = ""
    destination = {
        "to": [address],
        "template": template,
        "language": language,
        "subject": subject,
        "text": text,
    }
    if html:
        destination["html"] = html
    problems = NoticeChannel.validate(destination)
    return outbox.record_internal(
        NoticeChannel.kind, destination, report=report, problem="; ".join(problems)
    )
