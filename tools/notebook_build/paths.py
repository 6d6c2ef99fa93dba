"""Where the notebook build reads and writes, and the languages and gettext domains it knows."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC_DIR = ROOT / "lesson_sources"      # outside notebooks/, the folder `make lab` opens
NB_DIR = ROOT / "notebooks"
LOCALES = ROOT / "locales"
PKG = ROOT / "autograd_bn"
PKG_LOCALE = PKG / "locale"
SANITIZE_CFG = ROOT / "tests" / "nbval_sanitize.cfg"

SOURCE_LANG = "en"
PROSE_DOMAIN = "notebooks"
LIB_DOMAIN = "autograd_bn"
