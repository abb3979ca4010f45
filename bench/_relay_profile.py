"""`mpp.asgi:application` under cProfile on demand, for `bench/relay_cost.py --profile`:
SIGUSR1 starts profiling the server's event-loop thread, SIGUSR2 stops and writes the
stats to $MPP_RELAY_PROFILE. The app itself is not changed."""

import cProfile
import os
import signal
from typing import Any

from mpp.asgi import application

_profile = cProfile.Profile()


def _start(*_: Any) -> None:
    _profile.enable()


def _stop(*_: Any) -> None:
    _profile.disable()
    _profile.dump_stats(os.environ["MPP_RELAY_PROFILE"])


signal.signal(signal.SIGUSR1, _start)
signal.signal(signal.SIGUSR2, _stop)

__all__ = ["application"]
