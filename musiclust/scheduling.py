"""One pending re-evaluation timer in Snakemake's scheduler instead of one per finished job.

Snakemake 9's job scheduler (``JobScheduler.schedule``) arms a ``threading.Timer`` at the end
of every scheduling round that had ready jobs, so that the ``--max-jobs-per-timespan`` window
(default 100/1s) is looked at again; the round the timer triggers arms another. Every finished
job triggers an extra round, so each one starts a further self-renewing chain: with ready jobs
waiting for cores, after n finished jobs the scheduler runs about n rounds a second, each
resetting the resources of every ready job and stat-ing each of their input files. In this
workflow's default run that is about a quarter of a core for the whole run.

``collapse_reevaluation_timers`` replaces the method that arms the timer by one that arms a
timer only when none is pending: the window is still looked at within one timespan of any
round, as before, but never by more than one chain. The timer is a daemon thread, so a
finished run does not wait for it. ``benchmarks/scheduler_overhead.py`` measures the effect;
``MUSICLUST_STOCK_SCHEDULER=1`` leaves Snakemake as it is.
"""

from __future__ import annotations

import os
import threading

_PATCHED = "_musiclust_one_pending_timer"


def collapse_reevaluation_timers(scheduler_class: type | None = None) -> bool:
    """Patch ``scheduler_class`` (Snakemake's ``JobScheduler`` by default); returns whether it
    did. Nothing is changed where the class lacks the method or the semaphore it releases (a
    Snakemake whose scheduler differs), or where ``MUSICLUST_STOCK_SCHEDULER`` is set."""
    if os.environ.get("MUSICLUST_STOCK_SCHEDULER"):
        return False
    if scheduler_class is None:
        from snakemake.scheduling.job_scheduler import JobScheduler as scheduler_class
    original = getattr(scheduler_class, "_schedule_reevalutation", None)  # sic: Snakemake's spelling
    if original is None or getattr(original, _PATCHED, False):
        return getattr(original, _PATCHED, False)

    def schedule_reevaluation(self, delay: float) -> None:
        with _lock(self):
            if getattr(self, "_musiclust_timer_pending", False):
                return
            self._musiclust_timer_pending = True

        def fire() -> None:
            with _lock(self):
                self._musiclust_timer_pending = False
            self._open_jobs.release()

        timer = threading.Timer(delay, fire)
        timer.daemon = True
        timer.start()

    setattr(schedule_reevaluation, _PATCHED, True)
    scheduler_class._schedule_reevalutation = schedule_reevaluation
    return True


def _lock(scheduler) -> threading.Lock:
    return scheduler.__dict__.setdefault("_musiclust_timer_lock", threading.Lock())  # atomic under the GIL
