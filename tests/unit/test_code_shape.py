"""The code keeps the shape README's "How it is built" promises: no function over MAX_FUNCTION_LINES in dashboard/,
and no JavaScript in Python (clientside callbacks name functions of assets/*.js, so the CSP needs no hash for them
and the browser code lives where a JS reader looks for it)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dashboard.app import create_app
from dashboard.settings import Settings

from .conftest import DATA_DIR, REPO

MAX_FUNCTION_LINES = 60
PACKAGE = REPO / "dashboard"
ASSETS = REPO / "assets"
# Functions allowed over the limit, each with its reason; none today. Nothing should join this set.
KNOWN_LONG: set[str] = set()


def python_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(REPO)} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
            and f"{path.relative_to(REPO)} {node.name}" not in KNOWN_LONG]


def test_no_function_is_longer_than_the_limit():
    too_long = [hit for path in python_files() for hit in long_functions(path)]
    assert not too_long, f"split these into functions of at most {MAX_FUNCTION_LINES} lines: {too_long}"


def is_text(node: ast.expr, strings: dict[str, ast.expr]) -> bool:
    """Whether an expression is (or builds) a string: a literal, an f-string, a sum of strings, a string method's
    result ('''function...'''.replace(...)), or a module-level name bound to one of those."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return is_text(node.left, strings) or is_text(node.right, strings)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return is_text(node.func.value, strings)
    if isinstance(node, ast.Name) and node.id in strings:
        return is_text(strings[node.id], strings)
    return False


def inline_clientside_code(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    strings = {target.id: node.value for node in tree.body if isinstance(node, ast.Assign)
               for target in node.targets if isinstance(target, ast.Name)}
    return [f"{path.relative_to(REPO)}:{node.lineno}" for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None))
            == "clientside_callback" and node.args and is_text(node.args[0], strings)]


def test_no_clientside_callback_is_given_javascript_text():
    inline = [hit for path in python_files() for hit in inline_clientside_code(path)]
    assert not inline, f"move this JavaScript to assets/ and call it with ClientsideFunction: {inline}"


@pytest.fixture(scope="module")
def dependencies(bundle) -> list[dict]:
    app = create_app(Settings(data_dir=DATA_DIR, secret_key="unit-tests"), bundle=bundle)
    return app.server.test_client().get("/en/_dash-dependencies").get_json()


def test_every_clientside_callback_names_a_function_of_the_assets(dependencies):
    """A misspelt name fails only in the browser, silently: check each against the functions assets/*.js define."""
    scripts = "\n".join(path.read_text(encoding="utf-8") for path in sorted(ASSETS.glob("*.js")))
    defined = set(re.findall(r"^\s*(\w+): function\b", scripts, flags=re.MULTILINE))
    named = [d["clientside_function"] for d in dependencies if d.get("clientside_function")]
    assert len(named) >= 10
    for function in named:
        assert function["namespace"] == "kgm" and function["function_name"] in defined, function
