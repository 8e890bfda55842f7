"""A form whose CSRF check fails gets the site's own page, in the person's language."""

from django.test import Client


def test_a_form_without_its_token_gets_the_sites_translated_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/?uselang=pt", {"username": "a", "password": "b"})
    assert response.status_code == 403
    page = response.content.decode()
    # The site's layout (its navigation and stylesheet), not Django's bare "Forbidden" page.
    assert '<html lang="pt"' in page
    assert "/static/" in page
    assert "Nada foi guardado" in page
    # Django's technical reason names cookies and headers: it goes to the log only.
    assert "CSRF token" not in page and "Referer" not in page


def test_a_failed_check_is_logged_with_its_reason(db, caplog):
    client = Client(enforce_csrf_checks=True)
    with caplog.at_level("INFO", logger="irs.security"):
        client.post("/accounts/login/", {"username": "a", "password": "b"})
    assert any("CSRF check failed" in r.getMessage() for r in caplog.records)
