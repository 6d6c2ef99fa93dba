"""The programs of tests/golden/api_programs.py, autograd_bn against a live torch 2.13."""
import pytest

torch = pytest.importorskip("torch", reason="live comparison needs torch 2.13 installed")

import api_programs as P  # noqa: E402
import autograd_bn as ab  # noqa: E402


@pytest.mark.parametrize("name", sorted(P.CASES))
def test_case_live(name):
    torch.set_num_threads(1)
    theirs = P.run(torch, name)
    mine = P.run(ab, name)
    assert [e[0] for e in mine] == [e[0] for e in theirs]
    for m, t in zip(mine, theirs):
        assert m == t, m[0]


def test_keyword_table_is_current():
    from tools import torch_keywords
    assert torch_keywords.main(["--check"]) == 0, "run python -m tools.torch_keywords"


def test_missing_names_raise_attribute_error_in_both():
    for lib in (torch, ab):
        for get in (lambda m: m.fft_nope, lambda m: m.nn.Conv9d, lambda m: m.ones(2).unfoldx):
            with pytest.raises(AttributeError):
                get(lib)
