"""Glue used by the thin workflow scripts (logging into the rule's log file, progress at a steady
rate, the job's CPU time and peak memory) and by the Snakefile (a fix to Snakemake's scheduler)."""

from __future__ import annotations

import logging
import os
import resource
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator


@contextmanager
def logged(log_path: str | Path) -> Iterator[logging.Logger]:
    """Send Python logging, warnings, ``sys.stderr`` and native-library stderr (fd 2) to ``log_path``.

    An exception is logged with its traceback and re-raised so Snakemake marks the job failed.
    """
    Path(log_path).parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w", buffering=1) as fh:
        saved_fd, saved_stderr = os.dup(2), sys.stderr
        os.dup2(fh.fileno(), 2)
        sys.stderr = fh
        logging.basicConfig(
            stream=fh, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
        )
        logging.captureWarnings(True)
        logging.getLogger("matplotlib").setLevel(logging.WARNING)  # its INFO lines (category units) are noise
        logger = logging.getLogger("musiclust")
        try:
            yield logger
        except BaseException:
            logger.exception("job failed")
            raise
        finally:
            logger.info(usage_line())
            fh.flush()
            sys.stderr = saved_stderr
            os.dup2(saved_fd, 2)
            os.close(saved_fd)


USAGE_PREFIX = "job usage:"


def usage_line() -> str:
    """CPU seconds (user + system) and peak RSS of this process and its finished children so far,
    for ``benchmarks/profile_run.py``: Snakemake's benchmark samples a job every 30 s after its
    first 15 s, so a longer job's CPU time there misses up to its last 30 s."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    peak_mb = max(own.ru_maxrss, children.ru_maxrss) / 1024  # kB on Linux
    return f"{USAGE_PREFIX} cpu_s={cpu:.2f} max_rss_mb={peak_mb:.1f}"


def parse_usage(log_text: str) -> tuple[float, float] | None:
    """(cpu_s, max_rss_mb) from the last usage line of a job's log; None without one."""
    for line in reversed(log_text.splitlines()):
        if USAGE_PREFIX in line:
            fields = dict(f.split("=") for f in line.split(USAGE_PREFIX, 1)[1].split())
            return float(fields["cpu_s"]), float(fields["max_rss_mb"])
    return None


class Progress:
    """Logs how far a long loop is (tracks done, epochs) at a steady rate: the first step, then at
    most once every ``every`` seconds, and the last one when ``total`` is known."""

    def __init__(
        self,
        what: str,
        total: int | None = None,
        every: float = 10.0,
        logger: logging.Logger | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.what, self.total, self.every, self.clock = what, total, every, clock
        self.logger = logger or logging.getLogger("musiclust.progress")
        self.start = self.last = None

    def step(self, done: int, detail: str = "") -> bool:
        """Record that ``done`` items are finished; returns whether a line was logged."""
        now = self.clock()
        if self.start is None:
            self.start = now
        elif now - self.last < self.every and done != self.total:
            return False
        self.last = now
        of = f"/{self.total}" if self.total is not None else ""
        self.logger.info("%d%s %s, %.0f s%s", done, of, self.what, now - self.start, f": {detail}" if detail else "")
        return True


# One pending re-evaluation timer in Snakemake's scheduler instead of one per finished job.
#
# Snakemake 9's job scheduler (``JobScheduler.schedule``) arms a ``threading.Timer`` at the end
# of every scheduling round that had ready jobs, so that the ``--max-jobs-per-timespan`` window
# (default 100/1s) is looked at again; the round the timer triggers arms another. Every finished
# job triggers an extra round, so each one starts a further self-renewing chain: with ready jobs
# waiting for cores, after n finished jobs the scheduler runs about n rounds a second, each
# resetting the resources of every ready job and stat-ing each of their input files. In this
# workflow's default run that is about a quarter of a core for the whole run.
#
# ``collapse_reevaluation_timers`` replaces the method that arms the timer by one that arms a
# timer only when none is pending: the window is still looked at within one timespan of any
# round, as before, but never by more than one chain. The timer is a daemon thread, so a
# finished run does not wait for it. ``benchmarks/scheduler_overhead.py`` measures the effect;
# ``MUSICLUST_STOCK_SCHEDULER=1`` leaves Snakemake as it is.
_PATCHED = "_musiclust_one_pending_timer"


def collapse_reevaluation_timers(scheduler_class: type) -> bool:
    """Patch ``scheduler_class`` (Snakemake's ``JobScheduler``, passed by the Snakefile: the
    library imports no Snakemake); returns whether it did. Nothing is changed where the class
    lacks the method (a Snakemake whose scheduler differs), or where
    ``MUSICLUST_STOCK_SCHEDULER`` is set."""
    if os.environ.get("MUSICLUST_STOCK_SCHEDULER"):
        return False
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
