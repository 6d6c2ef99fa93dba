"""The APIs of issue 14 against torch 2.13's recorded answers (tests/golden/api_cases.json).

Every program of tests/golden/api_programs.py runs on autograd_bn and must give torch's
printed text, dtypes, shapes, exact bytes, grad_fn names, errors and warnings, entry by entry.
tests/live/test_apis_live.py runs the same programs against a live torch.
"""
import json
import os

import pytest

import api_programs as P
import autograd_bn as ab

GOLDEN = json.load(open(os.path.join(os.path.dirname(__file__), "golden", "api_cases.json"),
                        encoding="utf-8"))


def test_golden_covers_every_case():
    assert sorted(GOLDEN["cases"]) == sorted(P.CASES)


@pytest.mark.parametrize("name", sorted(P.CASES))
def test_case_matches_torch(name):
    ab.set_language("en")
    mine = P.run(ab, name)
    theirs = GOLDEN["cases"][name]
    assert [e[0] for e in mine] == [e[0] for e in theirs]
    for m, t in zip(mine, theirs):
        assert m == t, m[0]


@pytest.mark.parametrize("lang,words", [("en", "teaching subset of PyTorch"),
                                        ("bn", "শেখানোর জন্য PyTorch-এর একটি অংশমাত্র")])
def test_missing_names_say_so(lang, words):
    ab.set_language(lang)
    try:
        cases = [(lambda: ab.fft, "autograd_bn.fft"), (lambda: ab.nn.Conv2d, "nn.Conv2d"),
                 (lambda: ab.nn.functional.conv2d, "functional.conv2d"),
                 (lambda: ab.autograd.forward_ad, "autograd.forward_ad"),
                 (lambda: ab.ones(2).unfold, "Tensor.unfold"),
                 (lambda: ab.nn.Parameter(ab.ones(1)).unfold, "Tensor.unfold")]
        for get, name in cases:
            with pytest.raises(AttributeError) as info:
                get()
            assert name in str(info.value) and words in str(info.value)
    finally:
        ab.set_language("en")
    # probing stays cheap and plain: hasattr/getattr with a default, and private names
    assert not hasattr(ab.ones(1), "unfold") and getattr(ab, "fft", 3) == 3
    with pytest.raises(AttributeError, match=r"^'Tensor' object has no attribute '_x'$"):
        ab.ones(1)._x


def test_saved_tensors_hooks_are_per_thread():
    import threading
    packed = []
    seen_in_thread = []

    def other_thread():
        a = ab.ones(2, requires_grad=True)
        seen_in_thread.append(type((a * a).grad_fn._self).__name__)

    with ab.autograd.graph.saved_tensors_hooks(lambda t: packed.append(1) or t, lambda t: t):
        th = threading.Thread(target=other_thread)
        th.start()
        th.join()
        b = ab.ones(2, requires_grad=True)
        b * b
    assert seen_in_thread == ["Tensor"] and len(packed) == 2
