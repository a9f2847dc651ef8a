"""The quality guard between two runs' metric tables (results/clustering_metrics.csv): for NMI,
ARI and purity of every (source, space, algorithm, label) row, the rows only one table has, the
rows whose new mean is below the earlier row's lower bound by more than 0.01 ("fell") and those
above its upper bound ("rose").

    .venv/bin/python benchmarks/compare_metrics.py OLD.csv NEW.csv

Exits 1 when a row fell, 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from musiclust.analysis.metrics import GUARDED_METRICS, quality_guard


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--margin", type=float, default=0.01)
    args = parser.parse_args()
    old, new = pd.read_csv(args.old), pd.read_csv(args.new)
    guard = quality_guard(old, new, margin=args.margin)
    counts = guard["status"].value_counts()
    print(f"{len(old)} rows before, {len(new)} after; {', '.join(GUARDED_METRICS)} compared (margin {args.margin})")
    print(
        f"{counts.get('only before', 0)} rows only before, {counts.get('only after', 0)} only after; "
        f"{counts.get('fell', 0)} fell, {counts.get('rose', 0)} rose"
    )
    if len(guard):
        print(guard.to_string(index=False, float_format=lambda v: f"{v:.4f}"))
    return 1 if counts.get("fell", 0) else 0


if __name__ == "__main__":
    sys.exit(main())
