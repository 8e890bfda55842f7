"""The reporter's forms. Lengths are counted in code points (Python's len), like the counters."""

import secrets
import unicodedata

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from irs.text import MultiLineField
from reports import catalog, reported_user
from reports.location import ILLEGAL_TITLE_CHARS, MAX_USER, Location, invisible_chars
from reports.models import HARM_DESCRIPTIONS, Flow, HarmSubtype
from reports.submission import TOKEN_PATTERN

DETAILS_MAX = 1000
SOMETHING_ELSE_MAX = 200
DIRECT_REPORT_MAX = 1000


class TextField(MultiLineField):
    """Free text under the site's input rule (irs/text.py: no control characters but line
    breaks and tabs, NFC); browsers send CRLF line breaks, counted as one character each, like
    the counter."""


TOO_LONG = _("Please shorten this to at most %(limit_value)d characters (it has %(show_value)d).")


def _token_field():
    return forms.CharField(
        widget=forms.HiddenInput,
        validators=[RegexValidator(TOKEN_PATTERN)],
        error_messages={"required": _("The form is incomplete. Please start again.")},
    )


class FlowTokenForm(forms.Form):
    """A final form of the flow: its submission token must be the one the flow's state holds
    (flowstate), so a forged token or one from another flow (another tab, another report)
    cannot make a second report out of one flow. A refused token is replaced by the flow's
    own in the form shown again, so submitting once more works."""

    submission_token = _token_field()

    def __init__(self, *args, expected_token: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_token = expected_token

    def clean_submission_token(self):
        token = self.cleaned_data["submission_token"]
        expected = self.expected_token
        if expected is not None and not secrets.compare_digest(
            token.encode(), str(expected).encode()
        ):
            raise forms.ValidationError(
                _(
                    "This form does not belong to this report (it was changed, or comes from "
                    "another report). Nothing was sent. Please check your text and submit "
                    "again."
                ),
                code="foreign_token",
            )
        return token

    def clean(self):
        data = super().clean()
        if self.expected_token is not None and self.has_error("submission_token"):
            # Shown again with the flow's own token (a bound form renders what was posted).
            self.data = self.data.copy()
            self.data[self.add_prefix("submission_token")] = self.expected_token
        return data


class ChooseFlowForm(forms.Form):
    flow = forms.ChoiceField(
        choices=Flow.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what you want to report."),
            "invalid_choice": _("Choose one of the options listed."),
        },
    )
    harm_subtype = forms.ChoiceField(
        choices=HarmSubtype.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the kinds of threat listed.")},
    )

    def __init__(self, *args, non_emergency_enabled: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.non_emergency_enabled = non_emergency_enabled

    @property
    def harm_choices(self) -> list[tuple]:
        """(value, label, one-line description with an example) for each kind of threat."""
        return [
            (value, label, HARM_DESCRIPTIONS.get(value, "")) for value, label in HarmSubtype.choices
        ]

    def clean(self):
        data = super().clean()
        flow = data.get("flow")
        if flow == Flow.EMERGENCY and not data.get("harm_subtype"):
            self.add_error("harm_subtype", _("Choose the kind of threat."))
        if flow == Flow.NON_EMERGENCY:
            if not self.non_emergency_enabled:
                self.add_error("flow", _("This wiki does not take reports of this kind here."))
            data["harm_subtype"] = ""
        return data


def validate_username(value: str):
    if ILLEGAL_TITLE_CHARS.search(value):
        raise forms.ValidationError(
            _("A user name cannot contain these characters: # < > [ ] | { }")
        )
    if invisible_chars(value):
        raise forms.ValidationError(
            _("A user name cannot contain invisible or text-direction characters (%(chars)s).")
            % {"chars": ", ".join(dict.fromkeys(invisible_chars(value)))}
        )


EMPTY_EMERGENCY = _(
    "Nothing was sent: the team needs something to act on. Name the user you want to report, "
    "or say what happened in “Additional information”."
)


class ReportedUserForm(FlowTokenForm):
    """A final form with the reported-user field, checked against the wiki's users where its
    API answers (reports.reported_user): a name it does not have is refused; one it has is
    kept in its spelling; an unanswered check lets the name through, recorded unchecked."""

    reported_user = forms.CharField(
        required=False,
        max_length=MAX_USER,
        validators=[validate_username],
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args, wiki=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.wiki = wiki
        self.reported_user_checked = False

    def clean_reported_user(self):
        name = (
            unicodedata.normalize("NFC", self.cleaned_data["reported_user"])
            .replace("_", " ")
            .strip()
        )
        if not name or self.wiki is None:
            return name
        checked = reported_user.check(self.wiki, name)
        if checked.missing:
            raise forms.ValidationError(
                _(
                    "There is no user “%(name)s” on %(wiki)s. Check the spelling (suggestions "
                    "appear as you type), or leave this field empty and say who it is in "
                    "your text."
                ),
                code="no_such_user",
                params={"name": name, "wiki": self.wiki.name},
            )
        self.reported_user_checked = checked.found
        return checked.name


class EmergencyForm(ReportedUserForm):
    details = TextField(
        required=False,
        max_length=DETAILS_MAX,
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args, location: Location | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.location = location or Location()

    @property
    def names_a_place(self) -> bool:
        """Opened from a specific comment, topic or revision: that is something to act on."""
        return bool(self.location.thread or self.location.revid)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if not (data.get("reported_user") or data.get("details", "").strip()) and (
            not self.names_a_place
        ):
            # An empty emergency gives the team nothing to act on (issue 13, defect 3).
            raise forms.ValidationError(EMPTY_EMERGENCY, code="empty")
        return data


class TypeForm(forms.Form):
    incident_type = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the kind of behavior you want to report."),
            "invalid_choice": _("That kind of behavior is not offered on this wiki."),
        },
    )
    something_else = TextField(
        required=False,
        max_length=SOMETHING_ELSE_MAX,
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args, types: list[catalog.IncidentType], **kwargs):
        super().__init__(*args, **kwargs)
        self.types = types
        choices = [(t.key, t.label) for t in types]
        self.fields["incident_type"].choices = choices  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        if data.get("incident_type") == "something-else":
            if not data.get("something_else") and "something_else" not in self.errors:
                self.add_error("something_else", _("Describe briefly what happened."))
        else:
            data["something_else"] = ""
        return data


class DirectReportForm(ReportedUserForm):
    text = TextField(
        max_length=DIRECT_REPORT_MAX,
        error_messages={
            "required": _("Describe what happened."),
            "max_length": TOO_LONG,
        },
    )

    def __init__(
        self, *args, public_pages: list[str] | None = None, described: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        # "Something else" was described on the type step: that is what happened, so the
        # text here only adds to it (asked once, issue 13 defect 6).
        self.described = described
        if described:
            self.fields["text"].required = False
        if public_pages:
            # The text is posted on a public wiki page: the reporter says they understand.
            self.fields["confirm_public"] = forms.BooleanField(
                required=True,
                error_messages={
                    "required": _(
                        "Please confirm that you understand your text will be posted publicly."
                    )
                },
            )
