import pandas as pd

from musiclust.data.rejects import REJECTED_COLUMNS, Rejection, combine_rejection_files, write_rejections


def test_combining_keeps_every_distinct_row_once_sorted(tmp_path):
    dup = Rejection("synth", "a", "source", "duplicate track id", "")
    write_rejections(
        [dup, dup, Rejection("synth", "b", "features", "too short: 0.00 s < 2.0 s", "b.wav")], tmp_path / "1.csv"
    )
    write_rejections([dup, Rejection("synth", "a", "download", "no file at x", "")], tmp_path / "2.csv")
    write_rejections([], tmp_path / "3.csv")
    table = combine_rejection_files([tmp_path / f"{i}.csv" for i in (1, 2, 3)])
    assert list(table.columns) == REJECTED_COLUMNS
    assert list(zip(table["track_id"], table["stage"])) == [("a", "download"), ("b", "features"), ("a", "source")]


def test_no_rows_gives_the_header(tmp_path):
    write_rejections([], tmp_path / "1.csv")
    assert combine_rejection_files([tmp_path / "1.csv"]).equals(pd.DataFrame(columns=REJECTED_COLUMNS))
