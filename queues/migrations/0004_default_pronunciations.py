"""Seed the pronunciation dictionary (kamus pelafalan) with the field's defaults.

Letters take their Indonesian names; abbreviations are spelled the Indonesian
way. A frozen copy of queues.voice.DEFAULTS (migrations never import app code
that may change later). get_or_create: an entry already edited in the admin is
never overwritten, and running it twice adds nothing. Reversing keeps the rows
(they may have been edited since).
"""

from django.db import migrations

DEFAULTS = {
    "A": "a",
    "B": "be",
    "C": "ce",
    "D": "de",
    "E": "e",
    "F": "ef",
    "G": "ge",
    "H": "ha",
    "I": "i",
    "J": "je",
    "K": "ka",
    "L": "el",
    "M": "em",
    "N": "en",
    "O": "o",
    "P": "pe",
    "Q": "ki",
    "R": "er",
    "S": "es",
    "T": "te",
    "U": "u",
    "V": "fe",
    "W": "we",
    "X": "eks",
    "Y": "ye",
    "Z": "zet",
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


def seed(apps, schema_editor):
    Pronunciation = apps.get_model("queues", "Pronunciation")
    db = schema_editor.connection.alias
    for term, spoken in DEFAULTS.items():
        Pronunciation.objects.using(db).get_or_create(term=term, defaults={"spoken": spoken})


class Migration(migrations.Migration):
    dependencies = [
        ("queues", "0003_pronunciation_display_message"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
