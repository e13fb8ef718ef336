"""README documents every command, and every command documents itself."""

from __future__ import annotations

import re

from conftest import ROOT

from kb.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_has_help_with_an_example():
    for name, command in cli.commands.items():
        assert command.help and "Example: kb " in command.help, name


def test_every_command_appears_in_the_readme():
    for name in cli.commands:
        assert re.search(rf"\bkb {name}\b", README), name


def test_the_readme_gives_the_two_commands():
    assert "    make demo\n" in README and "    make test\n" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_the_readme_gives_the_weights_and_threshold_asking_uses():
    from kb.ask.answer import MIN_SCORE
    from kb.ask.rank import WEIGHTS

    section = README[README.index("## Asking questions") : README.index("## What kb understands")]
    table = dict(re.findall(r"^\| (\w+) \| (0\.\d\d) \|", section, re.M))
    assert {part: float(w) for part, w in table.items()} == WEIGHTS
    assert f"at least {MIN_SCORE:.3f}" in section or f"at least {MIN_SCORE}" in section
