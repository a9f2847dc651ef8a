import logging

from musiclust.workflow import Progress


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
