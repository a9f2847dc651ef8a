import logging

from musiclust.jobs import Progress


def test_progress_logs_the_first_step_then_at_most_every_interval_and_the_last(caplog):
    now = [0.0]
    progress = Progress("tracks done", total=5, every=10.0, clock=lambda: now[0])
    logged = []
    with caplog.at_level(logging.INFO, logger="musiclust.progress"):
        for done, t in enumerate([0.0, 4.0, 11.0, 12.0, 13.0], start=1):
            now[0] = t
            logged.append(progress.step(done, f"t{done}"))
    assert logged == [True, False, True, False, True]  # first, 10 s after the last line, the last
    assert caplog.messages[1] == "3/5 tracks done, 11 s: t3"
    assert Progress("epochs").step(1)  # no total: still logs its first step


def test_a_job_log_ends_with_its_cpu_time_and_peak_memory(tmp_path, monkeypatch):
    import resource
    from types import SimpleNamespace

    from musiclust import jobs

    usage = {
        resource.RUSAGE_SELF: SimpleNamespace(ru_utime=1.0, ru_stime=0.25, ru_maxrss=2048),
        resource.RUSAGE_CHILDREN: SimpleNamespace(ru_utime=2.0, ru_stime=0.5, ru_maxrss=4096),
    }
    monkeypatch.setattr(jobs.resource, "getrusage", usage.__getitem__)
    log = tmp_path / "job.log"
    with jobs.logged(log):
        pass
    # user + system of the job and of its children; the larger peak, kB -> MB
    assert jobs.parse_usage(log.read_text()) == (3.75, 4.0)
    assert jobs.parse_usage("no usage here") is None
