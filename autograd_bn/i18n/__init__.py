"""One message catalog for every user-facing text of the library.

Messages are written in English (PyTorch's exact wording for errors) and looked up in a
gettext catalog for the active language.  English needs no catalog, so importing the library
never touches the disk for translations; a catalog is loaded the first time a language is
chosen.  Use ``_`` for a message and ``.format(**fields)`` for its ``{fields}``: a translation
keeps the same fields.
"""
import os
import warnings

_LOCALE_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "locale")
DOMAIN = "autograd_bn"
SUPPORTED = ("en", "bn")

_state = {"lang": "en", "gettext": None}


def _(message):
    """Translate a message into the active language (identity for English)."""
    g = _state["gettext"]
    return message if g is None else g(message)


def N_(message):
    """Mark a message for extraction without translating it now."""
    return message


def get_language():
    """The language of the library's messages now: "en" or "bn"."""
    return _state["lang"]


def set_language(lang):
    """Choose the language of the library's messages: "bn" (Bengali) or "en" (English).

    An unknown language falls back to English with a warning.
    """
    if lang is None or lang == "":
        lang = "en"
    short = (lang.strip().replace("-", "_").split("_")[0].lower()
             if isinstance(lang, str) else None)          # (anything but text is unknown)
    if short not in SUPPORTED:
        warnings.warn(_("Unknown language {lang!r}; messages stay in English.").format(lang=lang),
                      UserWarning, stacklevel=2)
        short = "en"
    if short == "en":
        _state.update(lang="en", gettext=None)
        return
    import gettext
    trans = gettext.translation(DOMAIN, _LOCALE_DIR, languages=[short], fallback=True)
    _state.update(lang=short, gettext=trans.gettext)


def _init_from_environment():
    lang = os.environ.get("AUTOGRAD_BN_LANG")
    if lang:
        set_language(lang)


_init_from_environment()
