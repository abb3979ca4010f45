"""The English catalog is complete: every Indonesian msgid has a reviewed English msgstr,
and the committed .mo matches the .po (what the server actually loads)."""

from pathlib import Path

import polib
import pytest

CATALOG = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django"


@pytest.fixture(scope="module")
def po() -> polib.POFile:
    return polib.pofile(str(CATALOG.with_suffix(".po")))


def test_every_message_has_an_english_translation(po):
    missing = [e.msgid for e in po if e.msgid and not e.translated()]
    assert missing == []


def test_no_guessed_translation_is_left_unreviewed(po):
    fuzzy = [e.msgid for e in po if e.msgid and "fuzzy" in e.flags]
    assert fuzzy == []


def test_the_compiled_catalog_is_up_to_date(po):
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(CATALOG.with_suffix(".mo")))
    }
    stale = [
        e.msgid
        for e in po
        if e.msgid and not e.msgid_plural and compiled.get((e.msgctxt, e.msgid)) != e.msgstr
    ]
    assert stale == []
