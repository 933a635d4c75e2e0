"""Every command has help and is documented in the README; the README's Quick start is what CI runs."""

from __future__ import annotations

import re

import pytest

from kbank.cli import app

from .conftest import REPO

COMMANDS = [
    "ingest",
    "reindex",
    "search",
    "list",
    "show",
    "overview",
    "kunskapsläge",
    "open",
    "summary-template",
    "check",
    "set",
    "digest",
    "stats",
    "completion",
    "serve",
    "publish",
]
SUBCOMMANDS = {"watch": ["add", "list", "remove"], "config": ["init"]}


ALL = [[c] for c in COMMANDS] + [[g, c] for g, cs in SUBCOMMANDS.items() for c in cs]


@pytest.mark.parametrize("command", ALL, ids=" ".join)
def test_every_command_has_help(runner, command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "--index" in result.stdout or command == ["completion"]  # it prints a shell script only


@pytest.mark.parametrize("command", ALL, ids=" ".join)
def test_every_command_is_in_the_readme(command):
    readme = (REPO / "README.md").read_text("utf-8")
    assert f"kbank {' '.join(command)}" in readme


def test_every_registered_command_is_tested_here():
    registered = {c.name or c.callback.__name__ for c in app.registered_commands}
    assert registered == set(COMMANDS)
    groups = {g.name: {c.name for c in g.typer_instance.registered_commands} for g in app.registered_groups}
    assert groups == {g: set(cs) for g, cs in SUBCOMMANDS.items()}


def test_quick_start_has_two_command_lines_and_ci_runs_the_test_line():
    readme = (REPO / "README.md").read_text("utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    lines = re.findall(r"```\n(.+?)\n```", quick)
    assert len(lines) == 2
    assert "kbank ingest" in lines[0] and "kbank search" in lines[0]
    assert "pytest" in lines[1]
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert 'pip install -e ".[test]" && pytest' in ci and lines[1].endswith(
        'pip install -e ".[test]" && pytest'
    )


def test_the_readme_layout_names_every_package_and_module_of_the_tree():
    readme = (REPO / "README.md").read_text("utf-8")
    layout = readme.split("### Layout", 1)[1].split("\n### ", 1)[0]
    package = REPO / "kbank"
    for path in sorted(package.iterdir()):
        if path.name.startswith(("_", ".")) and path.name not in ("__init__.py", "__main__.py"):
            continue
        if path.is_dir() and (path / "__init__.py").exists():
            assert f"{path.name}/" in layout, f"kbank/{path.name}/ is missing from the README's layout"
            for module in sorted(path.glob("*.py")):
                if module.name != "__init__.py":
                    assert re.search(rf"\b{module.stem}\b", layout), f"kbank/{path.name}/{module.name}"
        elif path.suffix == ".py":
            assert path.name in layout, f"kbank/{path.name} is missing from the README's layout"
    for named in re.findall(r"^  ([a-z_]+)/", layout, re.M):
        assert (package / named).is_dir(), f"the README's layout names kbank/{named}/, which does not exist"
