"""Settings for mypy's django-stubs plugin only: type checking starts no server, so it
gets a placeholder NIK hash key instead of the refusal a production process gives."""

import os

os.environ.setdefault("NIK_HASH_KEY", "type-checking-only")

from mpp.settings import *  # noqa: F403
