"""README stays true: it opens with the set-up-and-run command and the test command that CI runs."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", readme)


def test_readme_opens_with_two_commands():
    commands = _commands()
    assert len(commands) >= 2
    run, test = commands[:2]
    assert "kg build" in run and "kg render" in run and "output/" in run
    assert test == "scripts/test"
    script = (ROOT / test).read_text(encoding="utf-8")  # it does all the set-up, then runs pytest
    assert "apt-get install" in script and "chromium" in script and "raptor2-utils" in script
    assert ".venv/bin/pip install -q -e '.[test]'" in script and "python -m pytest" in script


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci.splitlines()


def test_readme_picture_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme):
        assert (ROOT / target).is_file(), target
