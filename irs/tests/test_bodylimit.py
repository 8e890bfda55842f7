"""A body whose declared length cannot be read is refused before any view reads it."""

import pytest


@pytest.mark.parametrize("length", ["-1", "-65537"])
def test_a_negative_content_length_is_refused(client, db, length):
    response = client.post(
        "/accounts/login/",
        "username=a&password=b",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=length,
    )
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
