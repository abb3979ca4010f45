"""The lobby voice: the phrase, the pronunciation dictionary, the WAV and its URL.

The expected phrases are written out here in full (not built from
queues.voice's own tables), so a wrong letter name or number word fails.
espeak-ng is a test dependency (Makefile TEST_PACKAGES): the audio tests run it.
"""

import array
import datetime as dt
import importlib
import logging
import os
import subprocess
import time
import wave
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from queues import events, voice
from queues.models import Pronunciation, Ticket
from tests import factories

CALL = "Nomor antrean {}, silakan menuju loket {}"

PHRASES = [
    # DOMAIN.md's example, word for word.
    ("A-007", 3, "Nomor antrean A nol nol tujuh, silakan menuju loket tiga"),
    ("B-120", 10, CALL.format("be satu dua nol", "sepuluh")),
    ("Q-001", 11, CALL.format("ki nol nol satu", "sebelas")),
    ("X-099", 12, CALL.format("eks nol sembilan sembilan", "dua belas")),
    ("Y-100", 21, CALL.format("ye satu nol nol", "dua puluh satu")),
    ("Z-010", 100, CALL.format("zet nol satu nol", "seratus")),
    ("PA-005", 7, CALL.format("pe A nol nol lima", "tujuh")),
    ("C1-015", 101, CALL.format("ce satu nol satu lima", "seratus satu")),
    ("T12-003", 19, CALL.format("te dua belas nol nol tiga", "sembilan belas")),
    ("E-042", 20, CALL.format("E nol empat dua", "dua puluh")),
    ("KK-002", 999, CALL.format("ka ka nol nol dua", "sembilan ratus sembilan puluh sembilan")),
    ("V-1000", 110, CALL.format("fe satu nol nol nol", "seratus sepuluh")),
]

# DOMAIN.md / the field's letter names. Vowels are written as the code's capital.
LETTER_NAMES = {
    "A": "A",
    "B": "be",
    "C": "ce",
    "D": "de",
    "E": "E",
    "F": "ef",
    "G": "ge",
    "H": "ha",
    "I": "I",
    "J": "je",
    "K": "ka",
    "L": "el",
    "M": "em",
    "N": "en",
    "O": "O",
    "P": "pe",
    "Q": "ki",
    "R": "er",
    "S": "es",
    "T": "te",
    "U": "U",
    "V": "fe",
    "W": "we",
    "X": "eks",
    "Y": "ye",
    "Z": "zet",
}

ABBREVIATIONS = {
    "BPJS": "be pe je es",
    "IKD": "i ka de",
    "SKCK": "es ka ce ka",
    "KTP-el": "e-KTP",
    "KK": "ka ka",
    "KIA": "ka i a",
    "NIB": "en i be",
    "PBG": "pe be ge",
    "SIM": "es i em",
    "STNK": "es te en ka",
    "NPWP": "en pe we pe",
    "PDAM": "pe de a em",
    "PLN": "pe el en",
}


def seed_migration():
    return importlib.import_module("queues.migrations.0004_default_pronunciations")


def run_seed():
    seed_migration().seed(apps, SimpleNamespace(connection=connection))


# --- the phrase ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "counter", "phrase"), PHRASES)
def test_announcement(code, counter, phrase):
    assert voice.announcement(code=code, counter_number=counter) == phrase


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "counter", "phrase"), PHRASES[:4])
def test_announcement_is_the_same_with_the_seeded_dictionary(code, counter, phrase):
    run_seed()
    assert Pronunciation.objects.count() == 26 + len(ABBREVIATIONS)
    assert voice.announcement(code=code, counter_number=counter) == phrase


@pytest.mark.django_db
@pytest.mark.parametrize(("letter", "name"), LETTER_NAMES.items())
def test_every_prefix_letter_takes_its_indonesian_name(letter, name):
    assert voice.announcement(code=f"{letter}-001", counter_number=1) == CALL.format(
        f"{name} nol nol satu", "satu"
    )


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (9, "sembilan"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (55, "lima puluh lima"),
        (99, "sembilan puluh sembilan"),
        (100, "seratus"),
        (101, "seratus satu"),
        (110, "seratus sepuluh"),
        (111, "seratus sebelas"),
        (115, "seratus lima belas"),
        (200, "dua ratus"),
        (348, "tiga ratus empat puluh delapan"),
        (999, "sembilan ratus sembilan puluh sembilan"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (2024, "dua ribu dua puluh empat"),
        (11000, "sebelas ribu"),
        (100000, "seratus ribu"),
        (1000000, "satu juta"),
    ],
)
def test_cardinal(number, words):
    assert voice.cardinal(number) == words


def test_cardinal_refuses_negative_numbers():
    with pytest.raises(ValueError):
        voice.cardinal(-1)


# --- the dictionary -------------------------------------------------------------


@pytest.mark.django_db
def test_an_entry_changes_the_phrase_once_the_cache_is_cleared():
    before = CALL.format("ki nol nol satu", "sebelas")
    assert voice.announcement(code="Q-001", counter_number=11) == before
    Pronunciation.objects.update_or_create(term="Q", defaults={"spoken": "kyu"})
    # Cached: the table is not read again for every call.
    assert voice.announcement(code="Q-001", counter_number=11) == before
    cache.clear()
    assert voice.announcement(code="Q-001", counter_number=11) == CALL.format(
        "kyu nol nol satu", "sebelas"
    )


@pytest.mark.django_db
def test_an_edited_seeded_entry_changes_the_phrase():
    run_seed()
    Pronunciation.objects.filter(term="X").update(spoken="iks")
    voice.forget_pronunciations()
    assert voice.announcement(code="X-099", counter_number=12) == CALL.format(
        "iks nol sembilan sembilan", "dua belas"
    )


@pytest.mark.django_db
def test_digit_entries_change_how_numbers_are_read_digit_by_digit():
    Pronunciation.objects.create(term="0", spoken="kosong")
    assert voice.announcement(code="A-007", counter_number=10) == CALL.format(
        "A kosong kosong tujuh", "sepuluh"
    )


@pytest.mark.django_db
def test_the_dictionary_is_read_once_then_cached(django_assert_num_queries):
    with django_assert_num_queries(1):
        voice.announcement(code="A-007", counter_number=3)
    with django_assert_num_queries(0):
        voice.announcement(code="B-008", counter_number=4)
        voice.speak_text("BPJS")


@pytest.mark.django_db
def test_an_admin_edit_is_heard_on_the_next_call(admin_client, django_capture_on_commit_callbacks):
    run_seed()
    entry = Pronunciation.objects.get(term="Q")
    assert voice.announcement(code="Q-001", counter_number=1) == CALL.format(
        "ki nol nol satu", "satu"
    )
    change = reverse("admin:queues_pronunciation_change", args=[entry.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change, {"term": "Q", "spoken": "kiu"})
    assert response.status_code == 302
    assert voice.announcement(code="Q-001", counter_number=1) == CALL.format(
        "kiu nol nol satu", "satu"
    )

    delete = reverse("admin:queues_pronunciation_delete", args=[entry.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(delete, {"post": "yes"})
    assert response.status_code == 302
    # A deleted entry falls back to its default.
    assert voice.announcement(code="Q-001", counter_number=1) == CALL.format(
        "ki nol nol satu", "satu"
    )


@pytest.mark.django_db
def test_the_migration_seeds_the_defaults_and_never_overwrites_edits():
    Pronunciation.objects.all().delete()  # also when the tests run with migrations
    Pronunciation.objects.create(term="Q", spoken="kiu")
    run_seed()
    run_seed()
    seeded = dict(Pronunciation.objects.values_list("term", "spoken"))
    expected = {letter: name.lower() for letter, name in LETTER_NAMES.items()} | ABBREVIATIONS
    assert seeded == expected | {"Q": "kiu"}


def test_the_migration_seeds_exactly_the_built_in_defaults():
    migration = seed_migration()
    assert migration.DEFAULTS == voice.DEFAULTS
    assert migration.Migration.dependencies == [("queues", "0003_pronunciation_display_message")]


# --- free text -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("BPJS", "be pe je es"),
        ("IKD", "i ka de"),
        ("SKCK", "es ka ce ka"),
        ("KTP-el", "e-KTP"),
        ("4K-10", "empat ka sepuluh"),
        ("A1", "A satu"),
        ("Lantai2", "Lantai dua"),
        ("C-015", "ce nol satu lima"),
        (
            "Pengambilan KTP-el dan IKD di loket B, BPJS Kesehatan di 4K-10.",
            "Pengambilan e-KTP dan i ka de di loket be, be pe je es Kesehatan di empat ka sepuluh.",
        ),
        ("BPJS-Kesehatan", "be pe je es Kesehatan"),
        # Left to espeak-ng: ordinary words, plain numbers, other cases.
        ("anak-anak", "anak-anak"),
        ("Tahun 2026", "Tahun 2026"),
        ("sim card", "sim card"),
        ("e-KTP", "e-KTP"),
        ("BPJSKU", "BPJSKU"),
    ],
)
def test_speak_text(text, spoken):
    assert voice.speak_text(text) == spoken


@pytest.mark.django_db
def test_speak_text_uses_entries_of_several_words():
    Pronunciation.objects.create(term="Mal Pelayanan Publik", spoken="em pe pe")
    assert voice.speak_text("Selamat datang di Mal Pelayanan Publik.") == (
        "Selamat datang di em pe pe."
    )


# --- the chime and the WAV -----------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "voice"


@pytest.fixture
def espeak_runs(monkeypatch):
    """Counts espeak-ng runs while still running the real thing."""
    runs = []
    real_run = subprocess.run

    def counting_run(args, *rest, **kwargs):
        if voice.ESPEAK in str(args[0]):
            runs.append(args)
        return real_run(args, *rest, **kwargs)

    monkeypatch.setattr(voice.subprocess, "run", counting_run)
    return runs


@pytest.fixture
def fresh_warnings(monkeypatch):
    monkeypatch.setattr(voice, "_warned", set())


PHRASE = "Nomor antrean A nol nol tujuh, silakan menuju loket tiga"


def test_the_chime_is_a_short_small_wav():
    chime = Path(settings.BASE_DIR) / "static/sound/chime.wav"
    assert chime.stat().st_size < 60_000
    with wave.open(str(chime)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
        assert 0.6 <= wav.getnframes() / wav.getframerate() <= 1.0


def test_a_phrase_is_rendered_once_and_reused(media, espeak_runs):
    url = voice.audio_url(PHRASE)

    name = voice.audio_name(PHRASE)
    assert url == f"/voice/{name}"
    assert voice.AUDIO_NAME.fullmatch(name)
    path = media / name
    with wave.open(str(path)) as wav:
        assert wav.getnchannels() == 1
        assert wav.getsampwidth() == 2
        assert wav.getnframes() > 0
        assert wav.getnframes() / wav.getframerate() > 1
    assert len(espeak_runs) == 1
    assert [p.name for p in media.iterdir()] == [name]  # no temp file left behind
    mtime = path.stat().st_mtime_ns

    assert voice.audio_url(PHRASE) == url
    assert voice.audio_url(f"  {PHRASE}\n") == url
    assert len(espeak_runs) == 1
    assert path.stat().st_mtime_ns == mtime


def test_each_phrase_and_voice_setting_has_its_own_file(media, espeak_runs, monkeypatch):
    first = voice.audio_url(PHRASE)
    other = voice.audio_url(PHRASE.replace("tiga", "empat"))
    assert other != first
    monkeypatch.setattr(voice, "SPEED", 120)
    assert voice.audio_name(PHRASE) not in first
    assert len(espeak_runs) == 2


def test_the_text_is_one_argument_even_when_it_looks_like_an_option(media, espeak_runs):
    url = voice.audio_url("-w /tmp/hijacked.wav")
    assert url is not None
    assert espeak_runs[0][-2:] == ["--", "-w /tmp/hijacked.wav"]


def test_no_espeak_means_no_url_and_one_warning(media, monkeypatch, caplog, fresh_warnings):
    monkeypatch.setattr(voice, "ESPEAK", "espeak-ng-not-installed")
    with caplog.at_level(logging.DEBUG, logger="queues.voice"):
        assert voice.audio_url(PHRASE) is None
        assert voice.audio_url("Nomor antrean B nol nol satu") is None
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "not installed" in warnings[0].getMessage()


def test_a_failing_espeak_means_no_url_and_no_leftovers(media, monkeypatch, caplog, fresh_warnings):
    monkeypatch.setattr(voice, "ESPEAK", "false")  # exits 1, writes nothing
    with caplog.at_level(logging.WARNING, logger="queues.voice"):
        assert voice.audio_url(PHRASE) is None
        assert voice.audio_url(PHRASE) is None
    assert len(caplog.records) == 1
    assert list(media.iterdir()) == []


def test_a_rendered_phrase_needs_no_espeak(media, monkeypatch, fresh_warnings):
    url = voice.audio_url(PHRASE)
    monkeypatch.setattr(voice, "ESPEAK", "espeak-ng-not-installed")
    assert voice.audio_url(PHRASE) == url


def test_an_empty_phrase_has_no_audio(media, espeak_runs):
    assert voice.audio_url("  ") is None
    assert espeak_runs == []


# --- serving ----------------------------------------------------------------------


@pytest.mark.django_db
def test_serve_audio(client, media):
    url = voice.audio_url(PHRASE)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    body = b"".join(response.streaming_content)
    assert body == (media / voice.audio_name(PHRASE)).read_bytes()
    assert body[:4] == b"RIFF"
    assert body[8:12] == b"WAVE"
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


@pytest.mark.django_db
def test_serve_audio_refuses_other_names(client, rf, media):
    name = voice.audio_name(PHRASE)
    voice.audio_url(PHRASE)
    (media / "x.wav").write_bytes(b"RIFF")
    hidden = media / f".{name}.tmp"
    hidden.write_bytes(b"RIFF")

    refused = [
        "../etc/passwd",
        "x.wav",
        name.upper(),
        name[:-4].upper() + ".wav",
        name[:-4],
        name + ".tmp",
        hidden.name,
        "0" * 32 + ".wav",  # the right shape, but never rendered
        f"../voice/{name}",
    ]
    for bad in refused:
        with pytest.raises(voice.Http404):
            voice.serve_audio(rf.get("/voice/x"), bad)
    for path in ["/voice/x.wav", f"/voice/{name.upper()}", "/voice/..%2Fetc%2Fpasswd"]:
        assert client.get(path).status_code == 404
    assert client.get(f"/voice/{name}").status_code == 200


# --- every screen gets the same phrase --------------------------------------------


@pytest.mark.django_db
def test_the_called_event_carries_the_phrase_and_its_audio(media, clock, service_a, counter_b):
    ticket = factories.TicketFactory(
        service=service_a,
        number=7,
        status=Ticket.Status.CALLED,
        counter=counter_b,
        called_at=timezone.now(),
    )

    event = events.with_voice(events.called_event(ticket, recall=False))

    assert event["announcement"] == PHRASE
    assert event["audio_url"] == f"/voice/{voice.audio_name(PHRASE)}"
    # Rendered when the TV first asks for it, not while the call waits to go out.
    assert not (media / voice.audio_name(PHRASE)).is_file()


def test_deferred_url_renders_on_first_request(db, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    text = voice.announcement(code="K-042", counter_number=4)

    url = voice.audio_url_deferred(text)

    name = voice.audio_name(text)
    assert url == f"/voice/{name}"
    assert not (tmp_path / "voice" / name).exists()  # the call did not wait for espeak-ng
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"RIFF"
    assert (tmp_path / "voice" / name).exists()


def test_unannounced_audio_name_is_not_rendered(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    response = client.get("/voice/" + "0" * 32 + ".wav")

    assert response.status_code == 404
    assert not (tmp_path / "voice").exists() or not any((tmp_path / "voice").iterdir())


# --- purging phrases nobody plays any more -----------------------------------------------------

DAY = 24 * 3600


def _age(path: Path, days: float) -> None:
    stamp = time.time() - days * DAY
    os.utime(path, (stamp, stamp))


def test_purge_drops_old_phrases_and_stale_temp_files_but_keeps_recent_ones(media):
    old = voice.audio_url("Nomor antrean A nol nol satu, silakan menuju loket satu")
    recent = voice.audio_url(PHRASE)
    old_path, recent_path = media / old.rsplit("/", 1)[1], media / recent.rsplit("/", 1)[1]
    stale_tmp = media / ".abandoned.wav.tmp"
    stale_tmp.write_bytes(b"RIFF")
    _age(old_path, 40)
    _age(stale_tmp, 40)
    _age(recent_path, 3)

    assert voice.voice_purge(older_than=dt.timedelta(days=30)) == 2

    assert sorted(p.name for p in media.iterdir()) == [recent_path.name]
    assert voice.voice_purge(older_than=dt.timedelta(days=30)) == 0  # twice changes nothing


def test_a_phrase_still_played_is_kept_and_a_purged_one_renders_again(client, media):
    url = voice.audio_url(PHRASE)
    path = media / url.rsplit("/", 1)[1]
    _age(path, 40)

    response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert time.time() - path.stat().st_mtime < 60  # playing it marks it used

    assert voice.voice_purge(older_than=dt.timedelta(days=30)) == 0
    _age(path, 40)
    assert voice.voice_purge(older_than=dt.timedelta(days=30)) == 1
    assert not path.exists()
    assert voice.audio_url(PHRASE) == url and path.exists()


def test_playing_a_fresh_phrase_does_not_rewrite_its_mtime(client, media):
    url = voice.audio_url(PHRASE)
    path = media / url.rsplit("/", 1)[1]
    _age(path, 0.5)
    before = path.stat().st_mtime_ns

    b"".join(client.get(url).streaming_content)

    assert path.stat().st_mtime_ns == before


def test_the_purge_task_keeps_voice_keep_days(settings, media):
    from queues.tasks import purge_voice

    settings.VOICE_KEEP_DAYS = 10
    path = media / voice.audio_url(PHRASE).rsplit("/", 1)[1]
    _age(path, 9)
    assert purge_voice() == 0
    _age(path, 11)
    assert purge_voice() == 1


def test_the_shorter_forms_say_the_same_code_and_counter(db):
    full, short, code = voice.announcement_forms(code="B-012", counter_number=21)

    assert full == voice.announcement(code="B-012", counter_number=21)
    assert short == voice.announcement_short(code="B-012", counter_number=21)
    assert short == "be nol satu dua, loket dua puluh satu"
    assert code == voice.announcement_code(code="B-012") == "be nol satu dua"


def test_brisk_forms_render_shorter_with_a_short_tail(media):
    text = "A nol nol tujuh, loket tiga"
    brisk = voice.audio_urls_deferred([(text, voice.BRISK_SPEED)])[0]
    assert brisk is not None and brisk != voice.audio_url(text)  # speed is in the name
    voice.serve_audio(RequestFactory().get(brisk), brisk.rsplit("/", 1)[1])

    def seconds(name: str) -> float:
        with wave.open(str(media / name)) as wav:
            return wav.getnframes() / wav.getframerate()

    slow = seconds(voice.audio_name(text))
    fast = seconds(voice.audio_name(text, speed=voice.BRISK_SPEED))
    assert fast < slow * 0.85
    with wave.open(str(media / voice.audio_name(text))) as wav:
        rate = wav.getframerate()
        samples = array.array("h", wav.readframes(wav.getnframes()))
    # espeak-ng ends on ~0.4 s of silence; what is kept of it is under 0.3 s.
    assert max(abs(v) for v in samples[-int(0.3 * rate) :]) > 300


def test_a_clip_url_is_the_reversed_one_under_any_script_prefix():
    from django.urls import set_script_prefix

    name = voice.audio_name("Nomor antrean A 1")
    try:
        for prefix in ("/", "/mpp/"):
            set_script_prefix(prefix)
            assert voice._audio_path(name) == reverse("voice-audio", args=[name])
        assert voice._audio_path(name).startswith("/mpp/")
    finally:
        set_script_prefix("/")
