"""Self-hosted proof of work (ALTCHA) for public forms: no third-party service, so it
works on a mall LAN without internet.

The page embeds a signed challenge; the browser's widget (static/vendor/altcha/)
finds the number that solves it in a second or two and posts the solution in the
`altcha` field; the server checks the signature and the hash, the expiry, and that
the solution was not used before (a solved challenge books once).
"""

import base64
import datetime as dt
import json

import altcha
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

# A page left open this long needs a fresh challenge (the widget refetches by reloading).
CHALLENGE_MINUTES = 30


def challenge_json() -> str:
    """A new challenge as the JSON the widget's `challengejson` attribute takes."""
    challenge = altcha.create_challenge_v1(
        hmac_key=settings.ALTCHA_HMAC_KEY,
        max_number=settings.ALTCHA_MAX_NUMBER,
        expires=timezone.now() + dt.timedelta(minutes=CHALLENGE_MINUTES),
    )
    return json.dumps(challenge.to_dict())


def solution_valid(payload: str) -> bool:
    """Whether `payload` (the widget's base64 field) solves a challenge of ours, unexpired
    and not used before. Using it here spends it."""
    if not isinstance(payload, str) or not payload or len(payload) > 2000:
        return False
    try:
        ok, _error = altcha.verify_solution_v1(payload, settings.ALTCHA_HMAC_KEY, True)
    except Exception:  # malformed input of any kind is simply not a solution
        return False
    if not ok:
        return False
    # One booking per solved challenge: its signature names it (verified above, so the
    # payload decodes).
    signature = json.loads(base64.b64decode(payload))["signature"]
    return bool(cache.add(f"pow:used:{signature}", 1, timeout=(CHALLENGE_MINUTES + 5) * 60))
