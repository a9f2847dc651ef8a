"""Reading a typeset PDF back: its text (pypdf), the numbers of one table, and which font drew
each character of a word (pdfium), so a test can tell a shaped word from missing-glyph boxes."""

import ctypes
import re
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader

NUMBER = re.compile(r"-?\d+\.\d{3}")
NEXT_CAPTION = re.compile(r"(Table|Figure)\s\d+:")


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(pdf).pages]


def table_numbers(text: str, caption: str) -> list[str]:
    """The 3-decimal numbers from a table's caption (captions sit above tables) to the next caption."""
    start = text.index(caption) + len(caption)
    end = NEXT_CAPTION.search(text, start)  # Typst joins "Table" and its number with a no-break space
    return NUMBER.findall(text[start : end.start() if end else None])


def word_fonts(pdf: Path, word: str) -> tuple[int, list[str], np.ndarray]:
    """(page index, the font of each character, the word rendered as a greyscale array) of the
    first occurrence of ``word``."""
    doc = pdfium.PdfDocument(str(pdf))
    for index in range(len(doc)):
        page = doc[index]
        text = page.get_textpage()
        found = text.search(word).get_next()
        if not found:
            continue
        first, count = found
        fonts = []
        for i in range(first, first + count):
            name = ctypes.create_string_buffer(256)
            pdfium_c.FPDFText_GetFontInfo(text.raw, i, name, len(name), None)
            fonts.append(name.value.decode())
        boxes = [text.get_charbox(i) for i in range(first, first + count)]
        left, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes)
        right, top = max(b[2] for b in boxes), max(b[3] for b in boxes)
        width, height = page.get_size()
        crop = (left, bottom, width - right, height - top)
        image = page.render(scale=4, crop=crop, grayscale=True).to_numpy()
        return index, fonts, image
    raise AssertionError(f"{word!r} is not in {pdf}")
