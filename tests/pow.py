"""Solving the booking form's proof of work in tests, as the browser widget does."""

import base64
import json

import altcha

from mpp.lib import pow


def solve(challenge_json: str) -> str:
    """The `altcha` field value that solves `challenge_json` (the widget's payload)."""
    challenge = json.loads(challenge_json)
    solution = altcha.solve_challenge_v1(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxNumber"]
    )
    assert solution is not None
    payload = {key: challenge[key] for key in ("algorithm", "challenge", "salt", "signature")}
    payload["number"] = solution.number
    return base64.b64encode(json.dumps(payload).encode()).decode()


def solved() -> str:
    """A solution of a fresh challenge (what a page rendered just now would carry)."""
    return solve(pow.challenge_json())
