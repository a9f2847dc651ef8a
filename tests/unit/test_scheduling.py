"""The scheduler patch: at most one pending re-evaluation timer, released once when it fires."""

import threading
import time

from musiclust.jobs import collapse_reevaluation_timers


class FakeScheduler:
    """The two members of Snakemake's JobScheduler the patch uses; the stock method arms a timer per call."""

    def __init__(self):
        self._open_jobs = threading.Semaphore(0)

    def _schedule_reevalutation(self, delay):
        threading.Timer(delay, self._open_jobs.release).start()


def releases_within(scheduler, seconds):
    n, deadline = 0, time.monotonic() + seconds
    while scheduler._open_jobs.acquire(timeout=max(0.0, deadline - time.monotonic())):
        n += 1
    return n


def test_many_rounds_arm_one_timer_and_a_fired_timer_can_be_armed_again(monkeypatch):
    monkeypatch.delenv("MUSICLUST_STOCK_SCHEDULER", raising=False)
    cls = type("Scheduler", (FakeScheduler,), {})
    assert collapse_reevaluation_timers(cls)
    assert collapse_reevaluation_timers(cls)  # patching twice is a no-op that reports the patch
    s = cls()
    for _ in range(20):  # twenty rounds within one timespan: one timer, one release
        s._schedule_reevalutation(0.05)
    assert releases_within(s, 0.3) == 1
    s._schedule_reevalutation(0.05)  # the fired timer no longer counts as pending
    assert releases_within(s, 0.3) == 1


def test_the_stock_method_arms_a_timer_per_round():
    s = FakeScheduler()  # unpatched: what the patch removes
    for _ in range(20):
        s._schedule_reevalutation(0.05)
    assert releases_within(s, 0.3) == 20


def test_opt_out_and_an_unknown_scheduler_are_left_alone(monkeypatch):
    monkeypatch.setenv("MUSICLUST_STOCK_SCHEDULER", "1")
    cls = type("Scheduler", (FakeScheduler,), {})
    assert not collapse_reevaluation_timers(cls)
    monkeypatch.delenv("MUSICLUST_STOCK_SCHEDULER")
    assert not collapse_reevaluation_timers(type("Other", (), {}))  # no such method: nothing to patch


def test_snakemakes_scheduler_has_what_the_patch_replaces():
    from snakemake.scheduling.job_scheduler import JobScheduler

    assert callable(JobScheduler._schedule_reevalutation)  # a Snakemake that renames it loses the patch: fail here
