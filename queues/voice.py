"""The lobby voice: one phrase builder for every screen, rendered once to WAV.

`announcement()` builds the call, "Nomor antrean A nol nol tujuh, silakan
menuju loket tiga" (DOMAIN.md), as the text every screen shows and the text
espeak-ng reads, so the TV and the counter say the same thing:

- the code's prefix is read part by part: letters by their Indonesian names
  ("B" "be", "Q" "ki", "X" "eks"), digits in it as a cardinal ("C12" "ce dua
  belas"); a prefix that is itself a dictionary term ("KK") takes its entry;
- the ticket number is read digit by digit ("007" "nol nol tujuh");
- the counter number is a cardinal ("sepuluh", "sebelas", "dua puluh satu").

Letter rule: a letter whose name is the letter itself (the vowels: A "a",
E "e", I "i", O "o", U "u") is written as the capital letter of the code, so
the phrase shows "A nol nol tujuh" exactly as DOMAIN.md does; every other
letter is written as its name ("be nol nol tujuh"). espeak-ng says "A" and
"a" alike, so the rule changes what screens show, not what is heard.

`speak_text()` rewrites free text for the voice with the same dictionary:
whole tokens that are dictionary terms ("BPJS" "be pe je es", "KTP-el"
"e-KTP"; terms match as written, case-sensitive), and tokens mixing digits and
letters read part by part ("4K-10" "empat ka sepuluh"; a digit run with a
leading zero is read digit by digit). Other words and plain numbers are left
to espeak-ng.

The dictionary is the `Pronunciation` table (kamus pelafalan, editable in the
admin) over the built-in `DEFAULTS` (the same entries migration 0004 seeds),
so a term deleted in the admin falls back to its default. It is cached for
`CACHE_SECONDS`; the admin clears the cache on every edit
(`forget_pronunciations()`). Digit terms ("0" "kosong") change how numbers are
read digit by digit.

`audio_url()` renders a phrase once with espeak-ng to
MEDIA_ROOT/voice/<32 hex>.wav (content-addressed: the hash covers the text and
the voice parameters) and answers its URL; `serve_audio()` serves those files.
Without espeak-ng the URL is None and the screens show the text only.
"""

import array
import datetime as dt
import functools
import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest
from django.urls import get_script_prefix, reverse
from django.views.decorators.http import require_safe

from queues.models import Pronunciation

logger = logging.getLogger(__name__)

# A played phrase's mtime moves forward at most this often (see _mark_played).
PLAYED_PRECISION = 24 * 3600

LETTERS = {
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
DEFAULTS = {**LETTERS, **ABBREVIATIONS}

DIGITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu"))

CACHE_KEY = "voice:pronunciations:v1"
CACHE_SECONDS = 60

# A ticket code: prefix (letters, maybe digits: "A", "PA", "C1"), dash, number.
CODE = re.compile(r"(?P<prefix>[^\W_]+)-(?P<number>[0-9]+)")
# A word of free text: letters and digits, maybe joined by dashes ("KTP-el", "4K-10").
TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
RUN = re.compile(r"[0-9]+|[^\W\d_]+")

ESPEAK = "espeak-ng"
VOICE = "id"
SPEED = 140
# The compact forms a lobby TV says while calls queue up: brisker, so ten calls in one
# second are all heard within 15 s (see display.js "voice").
BRISK_SPEED = 180
# espeak-ng ends a phrase with ~0.4 s of silence; back-to-back calls keep this much.
TAIL_SECONDS = 0.1
RENDER_TIMEOUT = 10
AUDIO_NAME = re.compile(r"[0-9a-f]{32}\.wav")
AUDIO_CACHE_CONTROL = "public, max-age=31536000, immutable"

_warned: set[str] = set()


# --- the dictionary ---------------------------------------------------------


def pronunciations() -> dict[str, str]:
    """term -> spoken: the built-in defaults overlaid with the admin's table."""
    entries = cache.get(CACHE_KEY)
    if entries is None:
        entries = dict(DEFAULTS)
        for term, spoken in Pronunciation.objects.values_list("term", "spoken"):
            if term.strip() and spoken.strip():
                entries[term.strip()] = spoken.strip()
        cache.set(CACHE_KEY, entries, CACHE_SECONDS)
    return entries


def forget_pronunciations() -> None:
    """Drop the cached dictionary, so the next phrase reads the table again."""
    cache.delete(CACHE_KEY)


# --- numbers ----------------------------------------------------------------


def _below_thousand(n: int) -> list[str]:
    words = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [DIGITS[hundreds], "ratus"]
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif 12 <= rest <= 19:
        words += [DIGITS[rest - 10], "belas"]
    elif rest >= 20:
        tens, ones = divmod(rest, 10)
        words += [DIGITS[tens], "puluh"]
        if ones:
            words.append(DIGITS[ones])
    elif rest:
        words.append(DIGITS[rest])
    return words


def cardinal(n: int) -> str:
    """An Indonesian cardinal: 11 "sebelas", 21 "dua puluh satu", 1000 "seribu"."""
    if n < 0:
        raise ValueError("cardinal() reads whole numbers from 0")
    if n == 0:
        return DIGITS[0]
    if n >= 10**15:
        return " ".join(DIGITS[int(d)] for d in str(n))
    words = []
    for value, name in _SCALES:
        count, n = divmod(n, value)
        if count == 1 and value == 1000:
            words.append("seribu")
        elif count:
            words += [cardinal(count), name]
    if n:
        words += _below_thousand(n)
    return " ".join(words)


def _digit_by_digit(digits: str, entries: dict[str, str]) -> str:
    return " ".join(entries.get(d, DIGITS[int(d)]) for d in digits)


# --- letters and codes ------------------------------------------------------


def _letter(letter: str, entries: dict[str, str]) -> str:
    spoken = entries.get(letter.upper(), letter.lower())
    # The letter rule (module docstring): A stays "A", B becomes "be".
    return letter.upper() if spoken.casefold() == letter.casefold() else spoken


def _letters(run: str, entries: dict[str, str]) -> str:
    if len(run) > 1 and run.upper() in entries:
        return entries[run.upper()]
    return " ".join(_letter(letter, entries) for letter in run)


def _part_by_part(token: str, entries: dict[str, str]) -> str:
    """Digits and letters read run by run: "4K-10" -> "empat ka sepuluh"."""
    words = []
    for run in RUN.findall(token):
        if run.isdigit():
            leading_zero = len(run) > 1 and run.startswith("0")
            words.append(_digit_by_digit(run, entries) if leading_zero else cardinal(int(run)))
        elif run.isupper() or len(run) <= 3 or run.upper() in entries:
            words.append(_letters(run, entries))
        else:  # a word glued to a number ("Lantai2"): espeak-ng reads words.
            words.append(run)
    return " ".join(words)


def _spoken_code(code: str, entries: dict[str, str]) -> str:
    match = CODE.fullmatch(code.strip())
    if match is None:
        return speak_text(code, entries=entries)
    prefix = match["prefix"]
    if len(prefix) > 1 and prefix in entries:
        spoken_prefix = entries[prefix]
    else:
        spoken_prefix = _part_by_part(prefix, entries)
    return f"{spoken_prefix} {_digit_by_digit(match['number'], entries)}"


def announcement(*, code: str, counter_number: int) -> str:
    """The call every screen shows and says: "Nomor antrean A nol nol tujuh, ..."."""
    entries = pronunciations()
    return (
        f"Nomor antrean {_spoken_code(code, entries)}, "
        f"silakan menuju loket {cardinal(counter_number)}"
    )


def announcement_forms(*, code: str, counter_number: int) -> tuple[str, str, str]:
    """The full call, the short and the code-only form, reading the dictionary once."""
    entries = pronunciations()
    spoken, counter = _spoken_code(code, entries), cardinal(counter_number)
    return (
        f"Nomor antrean {spoken}, silakan menuju loket {counter}",
        f"{spoken}, loket {counter}",
        spoken,
    )


def announcement_short(*, code: str, counter_number: int) -> str:
    """The call while others wait behind it: "A nol nol tujuh, loket tiga"."""
    entries = pronunciations()
    return f"{_spoken_code(code, entries)}, loket {cardinal(counter_number)}"


def announcement_code(*, code: str) -> str:
    """The shortest call, in a burst (the counter is on screen): "A nol nol tujuh"."""
    return _spoken_code(code, pronunciations())


# --- free text --------------------------------------------------------------


def _speak_token(token: str, entries: dict[str, str]) -> str:
    if token in entries:
        return _letter(token, entries) if len(token) == 1 else entries[token]
    has_digit = any(c.isdigit() for c in token)
    if has_digit and any(c.isalpha() for c in token):
        return _part_by_part(token, entries)
    if "-" in token:
        parts = token.split("-")
        spoken = [_speak_token(part, entries) for part in parts]
        return " ".join(spoken) if spoken != parts else token
    return token


def speak_text(text: str, *, entries: dict[str, str] | None = None) -> str:
    """Free text as the voice should read it: "BPJS" -> "be pe je es"."""
    entries = pronunciations() if entries is None else entries
    # Terms that are not one token ("Mal Pelayanan") match first, longest first.
    phrases = sorted((t for t in entries if not TOKEN.fullmatch(t)), key=len, reverse=True)
    alternatives = [rf"(?<![\w-]){re.escape(t)}(?![\w-])" for t in phrases]
    pattern = re.compile("|".join([*alternatives, TOKEN.pattern]))

    def say(match: re.Match) -> str:
        found = match[0]
        return entries[found] if found in phrases else _speak_token(found, entries)

    return pattern.sub(say, text)


# --- audio ------------------------------------------------------------------


def _voice_dir() -> Path:
    return Path(str(settings.MEDIA_ROOT)) / "voice"


def audio_name(text: str, *, speed: int | None = None) -> str:
    """The file name of a phrase's WAV: a hash of the text and the voice parameters."""
    key = f"espeak-ng -v {VOICE} -s {speed or SPEED}\n{text}"
    return hashlib.sha256(key.encode()).hexdigest()[:32] + ".wav"


def _warn_once(kind: str, message: str, *args) -> None:
    if kind in _warned:
        logger.debug(message, *args)
    else:
        _warned.add(kind)
        logger.warning(message, *args)


def _trim_tail(path: str) -> None:
    """Cut the phrase's trailing silence to TAIL_SECONDS (queued calls follow closer)."""
    with wave.open(path, "rb") as wav:
        params = wav.getparams()
        frames = wav.readframes(params.nframes)
    if params.sampwidth != 2 or params.nchannels != 1:
        return
    samples = array.array("h", frames)
    if sys.byteorder == "big":
        samples.byteswap()
    end = len(samples)
    while end > 0 and abs(samples[end - 1]) < 300:
        end -= 1
    keep = min(len(samples), end + int(TAIL_SECONDS * params.framerate))
    if keep >= len(samples) or end == 0:
        return
    with wave.open(path, "wb") as wav:
        wav.setparams(params)
        wav.writeframes(frames[: keep * 2])


def _render(text: str, path: Path, *, speed: int | None = None) -> bool:
    executable = shutil.which(ESPEAK)
    if executable is None:
        _warn_once("missing", "%s is not installed: lobby calls are shown, not spoken", ESPEAK)
        return False
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".wav.tmp")
        os.close(fd)
        subprocess.run(  # noqa: S603 - fixed argv, no shell; the text is one argument
            [executable, "-v", VOICE, "-s", str(speed or SPEED), "-w", tmp, "--", text],
            check=True,
            capture_output=True,
            timeout=RENDER_TIMEOUT,
        )
        if os.path.getsize(tmp) <= 44:  # a WAV header and no sound
            raise OSError("espeak-ng wrote no audio")
        _trim_tail(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; anyone may hear a call
        os.replace(tmp, path)
        tmp = None
        return True
    except (OSError, EOFError, wave.Error, subprocess.SubprocessError) as exc:
        stderr = getattr(exc, "stderr", None) or b""
        _warn_once(
            "failed",
            "%s could not render a call (%s %s): lobby calls are shown, not spoken",
            ESPEAK,
            exc,
            stderr.decode(errors="replace").strip(),
        )
        return False
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


@functools.lru_cache(maxsize=8)
def _audio_url_base(script_prefix: str) -> str:
    return reverse("voice-audio", args=["x"])[:-1]


def _audio_path(name: str) -> str:
    """`reverse("voice-audio", args=[name])`, resolved once per script prefix: a lobby
    call carries three clips, and each reverse() cost ~0.1 ms on the send lane. Names
    are hex digits and ".wav" (AUDIO_NAME), which need no quoting."""
    return _audio_url_base(get_script_prefix()) + name


@functools.lru_cache(maxsize=4)
def _installed(executable: str) -> bool:
    """Whether `executable` is on PATH, looked up once per process (a PATH scan per
    call before): install espeak-ng, then restart the server."""
    return shutil.which(executable) is not None


def audio_url(text: str) -> str | None:
    """The URL of the phrase spoken (rendered on first use), or None without espeak-ng."""
    text = text.strip()
    if not text:
        return None
    name = audio_name(text)
    path = _voice_dir() / name
    if path.exists() or _render(text, path):
        return _audio_path(name)
    return None


# How long a phrase announced but not yet rendered can still be rendered on request.
PENDING_SECONDS = 2 * 24 * 3600


def audio_url_deferred(text: str, *, speed: int | None = None) -> str | None:
    """The URL of the phrase at once; the WAV is rendered when first requested.

    The live call must not wait for espeak-ng (15-30 ms a phrase, in the one
    thread that sends every event): the name is content-addressed, so the URL
    is known before the file exists. None without espeak-ng (the page shows text).
    """
    return audio_urls_deferred([(text, speed)])[0]


def audio_urls_deferred(phrases: list[tuple[str, int | None]]) -> list[str | None]:
    """`audio_url_deferred` of several (text, speed) phrases with one cache write:
    a lobby call carries three forms, and its event is due on screen within 1 s."""
    urls: list[str | None] = []
    pending: dict[str, dict] = {}
    espeak: bool | None = None
    for raw, speed in phrases:
        text = raw.strip()
        if not text:
            urls.append(None)
            continue
        name = audio_name(text, speed=speed)
        if not (_voice_dir() / name).exists():
            if espeak is None:
                espeak = _installed(ESPEAK)
            if not espeak:
                urls.append(audio_url(text))  # says None, and logs why once
                continue
            pending[f"voice-pending:{name}"] = {"text": text, "speed": speed}
        urls.append(_audio_path(name))
    if pending:
        cache.set_many(pending, PENDING_SECONDS)
    return urls


@require_safe
def serve_audio(request: HttpRequest, name: str) -> FileResponse:
    """A rendered phrase: public (a lobby call carries no personal data), immutable."""
    if not AUDIO_NAME.fullmatch(name):
        raise Http404
    path = _voice_dir() / name
    if not path.exists():
        pending = cache.get(f"voice-pending:{name}")
        if not isinstance(pending, dict):
            raise Http404
        text, speed = pending.get("text"), pending.get("speed")
        if not text or audio_name(text, speed=speed) != name:
            raise Http404
        if not _render(text, path, speed=speed):
            raise Http404
    try:
        file = path.open("rb")
        _mark_played(path)
    except OSError:
        raise Http404 from None
    response = FileResponse(file, content_type="audio/wav")
    response["Cache-Control"] = AUDIO_CACHE_CONTROL
    return response


def _mark_played(path: Path) -> None:
    """Keep a phrase that is still played (its mtime is its last use, at day precision,
    so a busy display costs one metadata write a day, not one per call)."""
    if path.stat().st_mtime < time.time() - PLAYED_PRECISION:
        os.utime(path)


def voice_purge(*, older_than: dt.timedelta) -> int:
    """Delete rendered phrases neither rendered nor played for `older_than`, and stale
    temporary files; returns how many went. A purged phrase renders again when next called."""
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for path in [*_voice_dir().glob("*.wav"), *_voice_dir().glob(".*.wav.tmp")]:
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # another purge or render got there first
    return removed
