"""The library speaks Bengali or English: set_language, the AUTOGRAD_BN_LANG default, fallback."""
import os
import subprocess
import sys
import warnings

import pytest

import autograd_bn as torch
from autograd_bn import i18n

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EN = "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1"
BENGALI_LETTER = "\u0980-\u09FF"



def _mismatch_error():
    with pytest.raises(Exception) as info:
        torch.ones(2, 3) + torch.ones(2, 2)
    return info.value


def _has_bengali(text):
    return any("\u0980" <= ch <= "\u09FF" for ch in text)


def test_english_by_default():
    assert torch.get_language() == "en"
    err = _mismatch_error()
    assert type(err) is RuntimeError
    assert str(err) == EN


def test_bengali_shape_mismatch_keeps_exception_class():
    torch.set_language("bn")
    assert torch.get_language() == "bn"
    err = _mismatch_error()
    assert type(err) is RuntimeError
    msg = str(err)
    assert _has_bengali(msg), msg
    assert msg != EN
    # the numbers of the English message survive translation
    for number in ("(3)", "(2)", "1"):
        assert number in msg
    # exactly the catalog's translation, with the fields filled in
    template = i18n._("The size of tensor a ({a}) must match the size of tensor b ({b}) at "
                      "non-singleton dimension {dim}")
    assert msg == template.format(a=3, b=2, dim=1)


def test_switching_back_to_english():
    torch.set_language("bn")
    torch.set_language("en")
    assert str(_mismatch_error()) == EN


@pytest.mark.parametrize("code", ["bn_BD", "bn-IN", "BN"])
def test_regional_codes_select_bengali(code):
    torch.set_language(code)
    assert torch.get_language() == "bn"
    assert _has_bengali(str(_mismatch_error()))


def test_bengali_error_inside_backward():
    torch.set_language("bn")
    y = torch.ones(3, requires_grad=True) * 2
    with pytest.raises(RuntimeError) as info:
        y.backward()
    assert _has_bengali(str(info.value))


def test_unknown_language_falls_back_to_english_with_warning():
    torch.set_language("bn")
    with pytest.warns(UserWarning, match="xx"):
        torch.set_language("xx")
    assert torch.get_language() == "en"
    assert str(_mismatch_error()) == EN


def test_known_languages_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torch.set_language("bn")
        torch.set_language("en")


def test_catalog_ships_inside_the_package():
    mo = os.path.join(os.path.dirname(torch.__file__), "locale", "bn", "LC_MESSAGES",
                      "autograd_bn.mo")
    assert os.path.isfile(mo)


def _run(code, lang):
    env = dict(os.environ)
    env.pop("AUTOGRAD_BN_LANG", None)
    if lang is not None:
        env["AUTOGRAD_BN_LANG"] = lang
    env["PYTHONPATH"] = os.pathsep.join([ROOT] + [p for p in env.get("PYTHONPATH", "").split(
        os.pathsep) if p])
    return subprocess.run([sys.executable, "-W", "always", "-c", code], env=env,
                          capture_output=True, text=True, timeout=120, cwd=ROOT)


_PROBE = ("import autograd_bn as torch\n"
          "print(torch.get_language())\n"
          "try:\n"
          "    torch.ones(2, 3) + torch.ones(2, 2)\n"
          "except RuntimeError as e:\n"
          "    print(type(e).__name__, e)\n")


def test_environment_variable_sets_default_language():
    r = _run(_PROBE, "bn")
    assert r.returncode == 0, r.stderr
    lang, err = r.stdout.splitlines()
    assert lang == "bn"
    assert err.startswith("RuntimeError ") and _has_bengali(err)


def test_environment_variable_absent_means_english():
    r = _run(_PROBE, None)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["en", "RuntimeError " + EN]


def test_environment_variable_unknown_language_warns_and_stays_english():
    r = _run(_PROBE, "xx")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["en", "RuntimeError " + EN]
    assert "UserWarning" in r.stderr and "xx" in r.stderr
