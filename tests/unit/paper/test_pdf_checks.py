"""The PDF checks the pipeline test relies on can fail: a Bangla word set without a Bengali font
is drawn by the body font (missing-glyph boxes), and the check sees it."""

import numpy as np
import typst
from support.pdf_checks import page_texts, table_numbers, word_fonts

from musiclust.paper.build import FONTS

WORD = "বাংলা"


def typeset(tmp_path, font_paths):
    source = tmp_path / "w.typ"
    source.write_text(
        f'#set text(font: ("New Computer Modern", "Lohit Bengali"))\nLanguage: {WORD}.\n\n'
        "#show figure.where(kind: table): set figure.caption(position: top)\n"  # as in the paper
        "#figure(table(columns: 2, [a], [0.125 [0.100, 0.150]]), caption: [Scores 0.500])\n"
        "#figure(table(columns: 1, [0.999]), caption: [Other])\n",
        encoding="utf-8",
    )
    pdf = tmp_path / "w.pdf"
    typst.compile(str(source), output=str(pdf), font_paths=font_paths, ignore_system_fonts=True)
    return pdf


def test_a_bangla_word_is_drawn_by_the_bengali_font_only_when_it_is_given(tmp_path):
    _, fonts, image = word_fonts(typeset(tmp_path, [str(FONTS)]), WORD)
    assert len(fonts) == len(WORD) and all("Lohit-Bengali" in f for f in fonts)
    assert (image < 128).mean() > 0.05  # ink, not a blank box
    missing = typeset(tmp_path, [])
    texts = page_texts(missing)
    assert WORD not in texts[0]  # boxes carry no text for every character
    assert not any("Lohit" in f for f in word_fonts(missing, WORD[1:])[1])


def test_table_numbers_stop_at_the_next_caption(tmp_path):
    text = "\n".join(page_texts(typeset(tmp_path, [str(FONTS)])))
    assert table_numbers(text, "Scores 0.500") == ["0.125", "0.100", "0.150"]  # up to the next caption
    assert np.array_equal(table_numbers(text, "Other"), ["0.999"])
