"""Glue used by the thin workflow scripts: logging into the rule's log file."""

from __future__ import annotations

import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


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
        logger = logging.getLogger("musiclust")
        try:
            yield logger
        except BaseException:
            logger.exception("job failed")
            raise
        finally:
            fh.flush()
            sys.stderr = saved_stderr
            os.dup2(saved_fd, 2)
            os.close(saved_fd)
