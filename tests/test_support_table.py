"""The README's support tables (both languages) list exactly what the code has."""
import autograd_bn as ab
from tools import support_table as S


def test_readme_tables_are_current():
    assert S.main(["--check"]) == 0, "run python -m tools.support_table"


def test_table_names_exist():
    modules = {"torch": ab, "Tensor": ab.Tensor, "nn": ab.nn, "nn.functional": ab.nn.functional,
               "autograd": ab.autograd}
    for part, names in S.rows():
        assert names, part
        for name in names:
            obj = modules[part]
            for piece in name.split("."):
                obj = getattr(obj, piece)            # AttributeError if the table lies
    assert "FloatTensor" in dict(S.rows())["torch"]
    assert "Flatten" in dict(S.rows())["nn"]
