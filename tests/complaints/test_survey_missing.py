"""A survey sent with a question left out names that question ("Jawab pertanyaan 3:
Kecepatan ...") next to it and in a summary above the questions, on the resident's
page and at the kiosk, in Indonesian and English."""

import re

import pytest
from django.test import Client
from django.utils import translation

from complaints.models import SURVEY_ELEMENTS, SurveyResponse
from complaints.survey import ELEMENT_NAMES
from tests.complaints.survey_support import done_ticket

pytestmark = pytest.mark.django_db


def _answers(skip: set[str]) -> dict[str, str]:
    return {key: "3" for key in SURVEY_ELEMENTS if key not in skip}


def _name(key: str, language: str) -> str:
    with translation.override(language):
        return str(ELEMENT_NAMES[key])


def _question(html: str, key: str) -> str:
    return re.search(rf'<fieldset[^>]*id="q-{key}".*?</fieldset>', html, flags=re.S).group(0)


def _summary(html: str) -> str:
    return re.search(r'<div class="s-error s-summary".*?</div>', html, flags=re.S).group(0)


@pytest.mark.parametrize(
    ("language", "said"), [("id", "Jawab pertanyaan"), ("en", "Answer question")]
)
def test_the_page_names_each_missing_question(client, service_a, language, said):
    ticket = done_ticket(service_a)

    response = client.post(
        f"/survey/{ticket.token}/",
        _answers({"u3", "u7"}),
        HTTP_ACCEPT_LANGUAGE=language,
    )

    html = response.content.decode()
    assert response.status_code == 400
    for key, number in (("u3", 3), ("u7", 7)):
        text = f"{said} {number}: {_name(key, language)}"
        question = _question(html, key)
        assert text in question
        assert f'aria-describedby="q-{key}-missing"' in question
        assert f'<a href="#q-{key}">{text}</a>' in _summary(html)
    assert "hidden" not in _summary(html).split(">")[0]
    # An answered question keeps its note hidden.
    assert re.search(r'id="q-u1-missing" hidden', _question(html, "u1"))
    assert not SurveyResponse.objects.exists()


def test_a_full_page_keeps_the_summary_hidden(client, service_a):
    ticket = done_ticket(service_a)

    html = client.get(f"/survey/{ticket.token}/").content.decode()

    assert re.search(r'<div class="s-error s-summary"[^>]* hidden>', html)
    assert 'data-title="Mohon jawab semua pertanyaan ({count} belum dijawab)."' in html


def test_the_kiosk_names_the_missing_question(clock, kiosk, service_a):
    ticket = done_ticket(service_a)
    client = Client()
    client.force_login(kiosk)

    response = client.post(
        "/kiosk/survey/",
        {"action": "answer", "token": ticket.token, "lang": "en", **_answers({"u9"})},
    )

    html = response.content.decode()
    assert response.status_code == 400
    text = f"Answer question 9: {_name('u9', 'en')}"
    assert text in _question(html, "u9")
    assert text in _summary(html)
    assert "Please answer every question (1 not answered yet)." in html
