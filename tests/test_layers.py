"""The layers contract, read off the source with ``ast``: no import cycle in kis_xl, nothing imports upward.

Every import counts, also one inside a function (a lazy import is still a dependency). ``LAYERS`` runs top
to bottom: a module may import its own layer and any below it; siblings in one layer may import each other.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "kis_xl"
LAYERS = [
    "cli",
    "workbook",
    "udfs",
    "services orders report",
    "connect",
    "client",
    "sim",
    "rules",
    "krx",
    "sessions",
    "calendars",
    "config codes dates",
    "caps errors",
    # Not in the written order: frames (reads models only), masterfile (KIS's stock master format, data the
    # client and the simulator share, as spec is).
    "models spec realtime venues files i18n frames masterfile",
]
RANK = {name: rank for rank, layer in enumerate(LAYERS) for name in layer.split()}
# Deliberate upward imports: (importer, imported) → why.
EXCEPTIONS = {
    ("kis_xl.cli.main", "kis_xl"): "the package's __version__, for --version",
}


def modules() -> dict[str, Path]:
    """Every module of kis_xl by dotted name (a package by its own name)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The kis_xl modules ``name`` imports, anywhere in its body; ``from pkg import sub`` names the submodule."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1] + [node.module or ""]).strip(".") \
                if node.level else node.module or ""
            targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target not in known and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in known and target != name:
                found.add(target)
    return found


@cache
def graph() -> dict[str, set[str]]:
    """Each module of kis_xl → the kis_xl modules it imports (read once per run)."""
    found = modules()
    return {name: imports(name, path, set(found)) for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def layer(module: str) -> str:
    """``kis_xl.orders.watch`` → ``orders``; the package itself → ``kis_xl``."""
    return module.split(".")[1] if "." in module else module


def test_cycle_finder_sees_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    found = cycles(graph())
    assert not found, f"import cycles: {found}"


def test_every_module_has_a_layer():
    unplaced = {layer(m) for m in modules()} - set(RANK) - {"kis_xl"}
    assert not unplaced, f"place these in LAYERS: {sorted(unplaced)}"


def test_nothing_imports_upward():
    upward = []
    for importer, targets in graph().items():
        for target in targets:
            if layer(importer) == "kis_xl":  # the package's public facade re-exports from below
                continue
            rank = RANK.get(layer(target), -1)  # the package itself ranks above everything
            if layer(target) != layer(importer) and rank < RANK.get(layer(importer), len(LAYERS)) \
                    and (importer, target) not in EXCEPTIONS:
                upward.append(f"{importer} → {target}")
    assert not upward, "imports against the layer order:\n" + "\n".join(sorted(upward))


def test_exceptions_are_still_needed():
    edges = graph()
    stale = [pair for pair in EXCEPTIONS if pair[1] not in edges.get(pair[0], set())]
    assert not stale, f"remove from EXCEPTIONS: {stale}"
