"""The state lane reads one key (a booth, a line) at most once every STATE_EVERY seconds
(issue 14, ticket path): forty counters calling at one booth made forty reads of about
ten queries each on the web worker that served them. The first change is read at once;
changes within the interval wait for its end and are read once, with no flush needed."""

import threading
import time
import uuid

from mpp.lib import realtime


def _lane() -> "realtime._Publisher":
    return realtime._publisher(realtime.STATE)


def _recorder() -> tuple[list[float], "callable"]:
    reads: list[float] = []

    def build() -> None:
        reads.append(time.monotonic())

    return reads, build


def _wait_for(condition, timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def test_a_burst_on_one_key_is_read_at_once_then_once_more_at_the_intervals_end():
    key = f"booth.test-{uuid.uuid4().hex}"
    reads, build = _recorder()
    started = time.monotonic()
    for _ in range(30):  # thirty changes in ~0.3 s, each submitted after its commit
        _lane().submit([], build, key)
        time.sleep(0.01)
    # The last change is read by itself, without a flush, once the interval is up.
    assert _wait_for(lambda: len(reads) >= 2)
    time.sleep(realtime.STATE_EVERY + 0.2)
    assert len(reads) == 2, reads
    assert reads[0] - started < 0.2  # the first change was not held
    assert reads[1] - reads[0] >= realtime.STATE_EVERY - 0.01


def test_other_keys_are_not_held_by_a_busy_one():
    busy, other = f"line.test-{uuid.uuid4().hex}", f"line.test-{uuid.uuid4().hex}"
    busy_reads, busy_build = _recorder()
    other_reads, other_build = _recorder()
    _lane().submit([], busy_build, busy)
    assert _wait_for(lambda: len(busy_reads) == 1)
    _lane().submit([], busy_build, busy)  # held
    submitted = time.monotonic()
    _lane().submit([], other_build, other)
    assert _wait_for(lambda: len(other_reads) == 1)
    assert other_reads[0] - submitted < 0.2
    assert len(busy_reads) == 1


def test_jobs_without_a_key_are_never_held():
    reads, build = _recorder()
    for _ in range(5):
        _lane().submit([], build)
    assert _wait_for(lambda: len(reads) == 5, timeout=1.0)


def test_a_flush_reads_what_waits_for_its_interval():
    key = f"booth.test-{uuid.uuid4().hex}"
    reads, build = _recorder()
    _lane().submit([], build, key)
    assert _wait_for(lambda: len(reads) == 1)
    _lane().submit([], build, key)
    started = time.monotonic()
    assert realtime.flush(timeout=5)
    assert len(reads) == 2
    assert time.monotonic() - started < realtime.STATE_EVERY / 2


def test_a_held_read_sends_the_newest_state():
    """Builds read the state when they run: what is sent after a burst is the state
    after its last change."""
    key = f"counter.test-{uuid.uuid4().hex}"
    state = {"n": 0}
    sent: list[int] = []
    done = threading.Event()

    def build() -> None:
        sent.append(state["n"])
        if state["n"] == 5:
            done.set()

    for n in range(6):
        state["n"] = n
        _lane().submit([], build, key)
        time.sleep(0.02)
    assert done.wait(3)
    assert sent[0] in (0, 1) and sent[-1] == 5 and len(sent) == 2, sent
