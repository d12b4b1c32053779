"""The package's shape: imports flow one way through the layers, and no module grows past 400 lines.

Layers (README, "Layout"): domain → scoring → store → live / outputs → ui → notebooks, with
cli, demo and serve on top. A module may import its own layer or any layer below; ``live``
and ``outputs`` stand side by side and do not import each other. Imports inside functions
count too (the lazy imports that keep a participant's kernel light are still dependencies).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "facilitation"
MAX_LINES = 400

LAYERS = {  # dotted prefix -> layer (longest prefix wins)
    "facilitation": 0,
    "facilitation.domain": 0,
    "facilitation.i18n": 0,
    "facilitation.scoring": 1,
    "facilitation.store": 2,
    "facilitation.live": 3,
    "facilitation.outputs": 3,
    "facilitation.ui": 4,
    "facilitation.demo": 5,
    "facilitation.demo_programmes": 5,
    "facilitation.cli": 5,
    "facilitation.serve": 5,
}
SIDE_BY_SIDE = {"facilitation.live", "facilitation.outputs"}
# Third-party libraries a layer must not touch (what keeps pure code pure and pages light).
FORBIDDEN = {
    0: ("sqlalchemy", "ipywidgets", "ipyleaflet", "bqplot", "pandas", "voila", "jupyter_server"),
    1: ("sqlalchemy", "ipywidgets", "ipyleaflet", "bqplot", "pandas", "voila", "jupyter_server"),
    2: ("ipywidgets", "ipyleaflet", "bqplot", "voila", "jupyter_server"),
    3: ("ipywidgets", "ipyleaflet", "bqplot", "voila", "jupyter_server"),
    4: ("voila", "jupyter_server"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def home(dotted: str) -> str:
    """The layer prefix a module belongs to."""
    return max((p for p in LAYERS if dotted == p or dotted.startswith(p + ".")), key=len)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """``(line, absolute module)`` for every import in the file, relative ones resolved."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # ``from facilitation import store`` imports the module facilitation.store
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names
                      if (PACKAGE.parent / f"{target}.{alias.name}".replace(".", "/")).exists()
                      or (PACKAGE.parent / (f"{target}.{alias.name}".replace(".", "/") + ".py")).exists()]
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def violations(me: str, imports: list[tuple[int, str]]) -> list[str]:
    """What in ``imports`` (``(line, module)``) goes against the layers, for module ``me``."""
    my_home = home(me)
    wrong = []
    for line, target in imports:
        if target.split(".")[0] == "facilitation":
            their_home = home(target)
            if LAYERS[their_home] > LAYERS[my_home]:
                wrong.append(f"line {line}: {target} is in a higher layer ({their_home})")
            elif {my_home, their_home} == SIDE_BY_SIDE:
                wrong.append(f"line {line}: {target} ({their_home} and {my_home} stand side by side)")
        elif target.split(".")[0] in FORBIDDEN.get(LAYERS[my_home], ()):
            wrong.append(f"line {line}: {target} does not belong in {my_home}")
    return wrong


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_flow_one_way_through_the_layers(path):
    me = module_name(path)
    wrong = violations(me, imports_of(path))
    assert not wrong, f"{me} imports against the layers:\n" + "\n".join(wrong)


def test_the_layer_check_reports_what_goes_against_the_layers():
    assert violations("facilitation.domain.records", [(3, "facilitation.store.db")])  # upward
    assert violations("facilitation.ui.kit.links", [(5, "facilitation.serve.launcher")])
    assert violations("facilitation.live", [(1, "facilitation.outputs.export")])  # side by side
    assert violations("facilitation.scoring.results", [(1, "sqlalchemy")])  # a library the layer must not use
    assert violations("facilitation.store.ideas", [(1, "ipywidgets")])
    assert not violations("facilitation.ui.steps.vote", [(1, "facilitation.store"), (2, "facilitation.domain.steps"),
                                                         (3, "ipywidgets")])
    assert not violations("facilitation.serve.launcher", [(1, "facilitation.domain.links"), (2, "voila")])


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_is_over_400_lines(path):
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{module_name(path)} has {lines} lines; split it by concern (limit {MAX_LINES})"
