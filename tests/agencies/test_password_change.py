"""/password/: staff change their own password; a one-time password (import_staff) leads
every staff page there until they did."""

import pytest

from agencies.models import User
from tests import factories

pytestmark = pytest.mark.django_db

NEW = "Loket-Tiga-Pagi"


@pytest.fixture
def newcomer(agency_a):
    return factories.UserFactory(
        username="siti.dukcapil", role=User.Role.OFFICER, agency=agency_a, must_change_password=True
    )


def _sign_in(client, password: str = "secret-pass") -> bool:
    """Through /login/, as a person does (django-axes wants the request)."""
    response = client.post("/login/", {"username": "siti.dukcapil", "password": password})
    return response.status_code == 302


def _change(client, old: str, new: str, again: str | None = None):
    data = {"old_password": old, "new_password1": new, "new_password2": again or new}
    return client.post("/password/", data)


def test_a_one_time_password_leads_every_page_to_the_change_form(client, newcomer):
    assert _sign_in(client)

    for path in ("/counter/", "/staff/", "/dashboard/", "/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/password/", path
    page = client.get("/password/")
    assert page.status_code == 200
    assert "kata sandi sekali pakai" in page.content.decode()
    assert client.get("/healthz").status_code in (200, 503)  # probes are never redirected


def test_the_api_and_sign_out_still_answer(client, api_as, newcomer):
    assert api_as(newcomer).get("/api/v1/services/").status_code == 200
    assert _sign_in(client)
    assert client.post("/logout/").status_code == 302
    assert client.get("/counter/")["Location"].startswith("/login/")


def test_a_wrong_or_weak_password_changes_nothing(client, newcomer):
    assert _sign_in(client)
    attempts = [
        ("not-the-old-one", NEW, None),
        ("secret-pass", NEW, "Loket-Tiga-Siang"),
        ("secret-pass", "12345678", None),  # all digits
        ("secret-pass", "password", None),  # common
        ("secret-pass", "short", None),
    ]
    for old, new, again in attempts:
        response = _change(client, old, new, again)
        assert response.status_code == 200, (old, new)
        assert 'id="password-errors"' in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.must_change_password
    assert newcomer.check_password("secret-pass")


def test_a_new_password_ends_the_one_time_one(client, newcomer):
    assert _sign_in(client)

    response = _change(client, "secret-pass", NEW)

    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password
    assert newcomer.check_password(NEW)
    assert client.get("/counter/").status_code == 200  # still signed in, free to work
    client.logout()
    assert not _sign_in(client)
    assert _sign_in(client, NEW)


def test_english_form(client, newcomer):
    assert _sign_in(client)
    page = client.get("/password/", HTTP_ACCEPT_LANGUAGE="en")
    assert "one-time password" in page.content.decode()


def test_the_menu_offers_it_to_staff_not_to_a_kiosk(client, officer_a, kiosk):
    client.force_login(officer_a)
    assert 'href="/password/"' in client.get("/counter/").content.decode()
    client.force_login(kiosk)
    assert 'href="/password/"' not in client.get("/kiosk/").content.decode()
