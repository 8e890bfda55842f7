def test_logging_out_ends_the_session_and_returns_home(client, reporter):
    client.force_login(reporter)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_logging_out_needs_a_post(client, reporter):
    client.force_login(reporter)
    response = client.get("/accounts/logout/")
    assert response.status_code == 405
    assert "_auth_user_id" in client.session
