"""A form that declares a character set other than UTF-8 is refused with the site's own 400
page, before CSRF or any view reads it (irs/bodylimit.py), even logged out with debug off."""

import pytest
from django.test import Client


@pytest.mark.parametrize("charset", ["utf-16", "iso-8859-1", "latin1", "utf8", "no-such-charset"])
@pytest.mark.parametrize("url", ["/accounts/login/", "/w/demowiki/report", "/desk/"])
def test_a_form_in_another_charset_is_a_clear_400(wiki, settings, charset, url):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    body = "username=Operator&password=x".encode("utf-16" if charset == "utf-16" else "latin-1")
    response = client.generic(
        "POST",
        url,
        body,
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "character encoding other than UTF-8" in page
    assert "<html" in page  # the site's layout, not a bare text


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8"])
def test_utf_8_however_spelled_is_read(wiki, charset):
    client = Client()
    response = client.generic(
        "POST",
        "/accounts/login/",
        b"username=x&password=y",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 200  # the login form again, with its own message


def test_a_multipart_form_in_another_charset_is_refused(wiki):
    client = Client(raise_request_exception=False)
    body = b'--X\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--X--\r\n'
    response = client.generic(
        "POST",
        "/accounts/login/",
        body,
        content_type="multipart/form-data; boundary=X; charset=utf-16",
    )
    assert response.status_code == 400
