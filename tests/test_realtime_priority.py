"""The publisher sends a lobby call before the events queued ahead of it."""

import threading

from mpp.lib import realtime


def test_urgent_jobs_jump_the_queue_and_coalescing_still_holds():
    publisher = realtime._Publisher()
    ran: list[str] = []
    gate = threading.Event()

    def job(name: str):
        def build():
            ran.append(name)

        return build

    publisher.submit([], lambda: gate.wait(5), "")  # busy while the others queue up
    publisher.submit([], job("line-1"), "line")
    publisher.submit([], job("ticket"), "")
    publisher.submit([], job("line-2"), "line")  # supersedes line-1
    publisher.submit([], job("call-1"), "", urgent=True)
    publisher.submit([], job("call-2"), "", urgent=True)
    gate.set()
    assert publisher.flush(5)

    assert ran == ["call-1", "call-2", "ticket", "line-2"]
    publisher.jobs.put((2, 0, None))  # stop the thread
