"""Document codes (kode berkas): unguessable, yet short enough to read out and type.

10 random bytes (80 bits) in Crockford's base32 (no I, L, O, U: nothing to misread),
16 characters grouped by four: `7KQ2-M9XD-4RTB-0HCE`. Typing is forgiving: lower case,
spaces, missing dashes, O for 0 and I or L for 1 all find the same code.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_BYTES = 10  # 80 bits; API.md asks for at least 64
LENGTH = RANDOM_BYTES * 8 // 5  # 16 characters
GROUP = 4
_TYPED = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    value = int.from_bytes(secrets.token_bytes(RANDOM_BYTES), "big")
    chars = "".join(ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(LENGTH)))
    return _grouped(chars)


def _grouped(chars: str) -> str:
    return "-".join(chars[i : i + GROUP] for i in range(0, len(chars), GROUP))


def normalize_code(typed: object) -> str | None:
    """The stored form of a typed code, or None when it cannot be one."""
    if not isinstance(typed, str) or len(typed) > 64:
        return None
    chars = re.sub(r"[\s\-.]", "", typed).upper().translate(_LOOKALIKES)
    return _grouped(chars) if _TYPED.fullmatch(chars) else None
