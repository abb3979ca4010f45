"""After login each role lands on the page it works on (/staff/)."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "page"),
    [
        ("officer_a", "/counter/"),
        ("supervisor_a", "/dashboard/"),
        ("manager", "/dashboard/"),
        ("kiosk", "/kiosk/"),
    ],
)
def test_each_role_lands_on_its_page(client, request, persona, page):
    client.force_login(request.getfixturevalue(persona))

    assert client.get("/staff/")["Location"] == page


def test_login_form_sends_a_supervisor_to_the_dashboard(client, supervisor_a):
    supervisor_a.set_password("secret-pass")
    supervisor_a.save()

    form = client.get("/login/").content.decode()
    next_page = re.search(r'name="next" value="([^"]*)"', form)[1]
    response = client.post(
        "/login/",
        {"username": supervisor_a.username, "password": "secret-pass", "next": next_page},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/dashboard/"
    assert response.status_code == 200


def test_anonymous_is_asked_to_log_in(client):
    assert client.get("/staff/")["Location"].startswith("/login/")


def test_staff_links_show_only_to_supervisors_and_managers(client, officer_a, supervisor_a):
    client.force_login(officer_a)
    assert "/dashboard/complaints/" not in client.get("/").content.decode()
    client.force_login(supervisor_a)
    page = client.get("/").content.decode()
    for link in ("/dashboard/reports/", "/dashboard/complaints/", "/dashboard/closures/"):
        assert f'href="{link}"' in page


def test_staff_notify_address_prefers_a_normalised_phone(officer_a):
    officer_a.email = "officer@mpp.test"
    assert officer_a.notify_address == "officer@mpp.test"
    officer_a.phone = "0812-3456-7890"
    assert officer_a.notify_address == "+6281234567890"
    officer_a.phone = "12345"  # saved around validation: the e-mail still reaches them
    assert officer_a.notify_address == "officer@mpp.test"
    officer_a.email = ""
    assert officer_a.notify_address == ""


def test_the_admin_refuses_a_malformed_staff_phone(officer_a):
    from django.core.exceptions import ValidationError

    officer_a.phone = "not a phone"
    with pytest.raises(ValidationError) as refused:
        officer_a.full_clean()
    assert "phone" in refused.value.message_dict
