"""The Debian packages the browser suite needs are named the same way everywhere a newcomer
reads them: .ci/run (which installs them), the suite's skip message and the README (both
languages)."""
import re

import labdriver

ROOT = labdriver.ROOT


def test_ci_installs_what_the_suite_asks_for():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [" ".join(m.split()) for m in re.findall(r"apt-get install[^\n]*", ci)]
    assert lines == [labdriver.APT_INSTALL], lines


def test_readme_gives_the_same_apt_line_in_both_languages():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    english = readme.index('<a name="english"></a>')
    for part, text in (("Bengali", readme[:english]), ("English", readme[english:])):
        lines = [" ".join(m.split()) for m in re.findall(r"apt-get install[^`\n]*", text)]
        assert lines, f"the {part} part of README.md does not say what to apt-get install"
        assert set(lines) == {labdriver.APT_INSTALL}, (part, lines)
