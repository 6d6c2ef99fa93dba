"""autograd.profiler / torch.profiler: events under torch's names, torch's table layout."""
import re

import autograd_bn as ab


def _run(profile_cls, **kw):
    x = ab.randn(4, 4, requires_grad=True)
    m = ab.nn.Linear(4, 2)
    with profile_cls(**kw) as prof:
        with ab.autograd.profiler.record_function("block"):
            y = (x * 2 + 1).sum()
        z = x @ x
        loss = ab.nn.functional.mse_loss(m(x), ab.zeros(4, 2))
    return prof, (y, z, loss)


def test_events_named_as_torch():
    prof, _ = _run(ab.autograd.profiler.profile)
    counts = {e.key: e.count for e in prof.key_averages()}
    for key in ("block", "aten::mul", "aten::add", "aten::sum", "aten::matmul",
                "aten::mse_loss", "aten::linear"):
        assert key in counts, key
    assert counts["aten::matmul"] >= 1 and counts["block"] == 1
    block = next(e for e in prof.key_averages() if e.key == "block")
    assert block.cpu_time_total >= block.self_cpu_time_total >= 0


def test_table_layout():
    prof, _ = _run(ab.profiler.profile, activities=[ab.profiler.ProfilerActivity.CPU])
    text = prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=3)
    lines = text.splitlines()
    assert lines[0] == lines[2] == lines[-2] and set(lines[0]) == {"-", " "}
    assert re.fullmatch(r" +Name    Self CPU %      Self CPU   CPU total %     CPU total  "
                        r"CPU time avg    # of Calls  ", lines[1])
    assert len(lines) == 3 + 3 + 2
    assert re.fullmatch(r"Self CPU time total: \d+\.\d{3}(us|ms|s)", lines[-1])
    selfs = [float(re.findall(r"([\d.]+)%", ln)[0]) for ln in lines[3:6]]
    assert selfs == sorted(selfs, reverse=True)


def test_instrumentation_is_removed_and_nothing_recorded_outside():
    before = ab.Tensor.__mul__, ab.add
    prof, _ = _run(ab.autograd.profiler.profile)
    assert (ab.Tensor.__mul__, ab.add) == before
    n = sum(e.count for e in prof.key_averages())
    ab.ones(2) * 3
    assert sum(e.count for e in prof.key_averages()) == n
    with ab.autograd.profiler.profile(enabled=False) as off:
        ab.ones(2) * 3
    assert list(off.key_averages()) == []
