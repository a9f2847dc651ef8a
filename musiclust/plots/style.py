"""Figure style shared by every plot: the Agg backend and fonts that cover Bangla."""

from __future__ import annotations

from pathlib import Path

import matplotlib
from matplotlib import font_manager

# Lohit Bengali (SIL OFL 1.1, see fonts/Lohit-Bengali.copyright) ships with the package, so Bangla
# labels render on any machine; matplotlib falls back to it for glyphs DejaVu Sans lacks.
# (matplotlib does not shape complex scripts: conjuncts show as their component letters.)
BENGALI_FONT_FILE = Path(__file__).parent / "fonts" / "Lohit-Bengali.ttf"


def apply_style() -> str:
    """Use the Agg backend and register the bundled Bengali font as a fallback after DejaVu Sans;
    returns the font's family name. Call it once before drawing."""
    matplotlib.use("Agg")
    font_manager.fontManager.addfont(str(BENGALI_FONT_FILE))
    family = font_manager.FontProperties(fname=str(BENGALI_FONT_FILE)).get_name()
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", family]
    return family
