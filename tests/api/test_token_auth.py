"""`Authorization: Token <key>` (mpp.lib.token_auth): DRF's rules with a hand-written
lookup: the right user and token, an unknown key or an inactive user refused with a 401
in Indonesian (English when asked), nothing else read."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from console.services import counter_open


@pytest.fixture
def desk(counter_a, officer_a):
    counter_open(counter=counter_a, officer=officer_a)
    return Token.objects.create(user=officer_a)


def get(key: str, counter, **headers):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}", **headers)
    return client.get(f"/api/v1/counters/{counter.pk}/")


def test_a_token_is_its_users(desk, counter_a, officer_a):
    from mpp.lib.token_auth import TokenAuthentication

    user, token = TokenAuthentication().authenticate_credentials(desk.key)
    assert (user.pk, user.username, token.key, token.user_id) == (
        officer_a.pk,
        "officer-a",
        desk.key,
        officer_a.pk,
    )
    assert user.agency_id == officer_a.agency_id and user.role == officer_a.role
    assert get(desk.key, counter_a).status_code == 200


def test_an_unknown_key_or_an_inactive_user_is_refused(desk, counter_a, officer_a):
    response = get("0" * 40, counter_a)
    assert response.status_code == 401
    assert response.json()["detail"] == "Token tidak valid."
    english = get("0" * 40, counter_a, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["detail"] == "Invalid token."
    officer_a.is_active = False
    officer_a.save()
    refused = get(desk.key, counter_a, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "User inactive or deleted."
    assert get(desk.key, counter_a).json()["detail"] == "Pengguna tidak aktif atau sudah dihapus."
    spaced = get("a b", counter_a)
    assert spaced.status_code == 401
    assert spaced.json()["detail"] == "Header token tidak valid: token tidak boleh berisi spasi."
