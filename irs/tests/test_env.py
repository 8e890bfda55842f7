"""Settings are read through strict helpers: a malformed value stops start-up with its name,
instead of a float() crash with no name or a silent default."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from irs.env import env_float


@pytest.mark.parametrize(
    "raw, value", [(None, 30.0), ("", 30.0), ("12", 12.0), ("0.5", 0.5), (" 7 ", 7.0)]
)
def test_a_number_or_the_default(monkeypatch, raw, value):
    if raw is None:
        monkeypatch.delenv("IRS_X", raising=False)
    else:
        monkeypatch.setenv("IRS_X", raw)
    assert env_float("IRS_X", 30) == value


@pytest.mark.parametrize("raw", ["thirty", "nan", "inf", "-inf", "1e999"])
def test_a_malformed_number_names_the_variable(monkeypatch, raw):
    monkeypatch.setenv("IRS_X", raw)
    with pytest.raises(ImproperlyConfigured, match="IRS_X"):
        env_float("IRS_X", 30)


def test_below_the_minimum_is_refused(monkeypatch):
    monkeypatch.setenv("IRS_X", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_float("IRS_X", 30, minimum=0)


def test_the_delivery_knobs_come_from_settings_alone(settings):
    from routing import conf

    settings.IRS_DELIVERY_BACKOFF_BASE = 7.0
    settings.IRS_ROUTING_HTTP_TIMEOUT = 11.0
    assert conf.backoff_base() == 7.0
    assert conf.http_timeout() == (5.0, 11.0)
