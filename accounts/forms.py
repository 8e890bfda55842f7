"""The login form: the site's input rule on the name (irs/text.py) before anything looks it
up, and failed logins throttled (accounts/login_throttle.py)."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts import login_throttle
from irs import text as irs_text

LOCKED = _(
    "Too many failed logins for this account or from this address. For your safety, logging "
    "in is paused for a while: please try again in %(minutes)d minutes."
)


class LoginForm(AuthenticationForm):
    def clean(self):
        username = self.data.get("username", "") or ""
        password = self.data.get("password", "") or ""
        for value, multiline in ((username, False), (password, True)):
            problem = irs_text.check(value, multiline=multiline)
            if problem:
                raise forms.ValidationError(problem, code="text_rule")
        pairs = login_throttle.keys(username, self.request.META.get("REMOTE_ADDR", ""))
        if login_throttle.is_locked(pairs):
            minutes = max(1, int(login_throttle.lock_time().total_seconds() // 60))
            raise forms.ValidationError(LOCKED % {"minutes": minutes}, code="locked")
        try:
            data = super().clean()
        except forms.ValidationError:
            login_throttle.record_failure(pairs)
            raise
        login_throttle.clear_account(username)
        return data
