"""Compare two metric tables (results/clustering_metrics.csv of two runs): print the rows only
one has and every (row, metric) whose new mean lies outside the earlier 95% interval.

    .venv/bin/python benchmarks/compare_metrics.py BEFORE.csv AFTER.csv

Exits 1 when anything moved, 0 when the tables agree.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from musiclust.analysis.metrics import moved_rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    args = parser.parse_args()
    before, after = pd.read_csv(args.before), pd.read_csv(args.after)
    moved = moved_rows(before, after)
    metrics = [c for c in before if f"{c}_lo" in before]
    print(f"{len(before)} rows before, {len(after)} after; {len(metrics)} metrics with intervals compared")
    print(f"{(moved['metric'] == '(row)').sum()} rows in only one table; {(moved['metric'] != '(row)').sum()} moved")
    if len(moved):
        print(moved.to_string(index=False, float_format=lambda v: f"{v:.4f}"))
    return 1 if len(moved) else 0


if __name__ == "__main__":
    sys.exit(main())
