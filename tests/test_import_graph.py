"""No import cycle between our modules (issue 13): a module that imports another, even
inside a function, must not be imported back by it, directly or through others.

The graph is read from the source (ast), not from what happens to be imported at run
time, so an import hidden in a function counts like one at the top; one under
`if TYPE_CHECKING:` (for annotations, never run) does not. Migrations are left out
(Django loads them by name, never by import).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "agencies",
    "counters",
    "closures",
    "queues",
    "documents",
    "complaints",
    "monitoring",
    "console",
    "reports",
    "webhooks",
    "messaging",
    "whatsapp",
    "mpp",
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _our_modules() -> dict[str, Path]:
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[_module_name(path)] = path
    return modules


def _type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _runtime_nodes(tree: ast.AST):
    """Every node but those under `if TYPE_CHECKING:` (annotations only: never imported
    when the code runs, so no cycle at run time)."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        if _type_checking(node):
            todo.extend(getattr(node, "orelse", []))
            continue
        todo.extend(ast.iter_child_nodes(node))


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Our modules that `name` (at `path`) imports anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import mod` imports a module; `from mod import name` the module.
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    modules = _our_modules()
    known = set(modules)
    return {name: _imports(path, name, known) for name, path in modules.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), as sorted lists.
    A package's __init__ importing its own submodules is not a cycle of the code."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def _without_own_packages(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """Drop a module's arrows to the packages it sits in (`from queues import errors` in
    queues/services/base.py also names queues/__init__.py, which Python has begun importing
    before any module inside it). A package's __init__ that imports its own modules (the
    re-exports of queues/services/__init__.py) keeps its arrows: a module that imports the
    package imports them all, so a cycle through it is a cycle."""
    return {
        name: {t for t in targets if not name.startswith(t + ".")}
        for name, targets in edges.items()
    }


def test_our_modules_import_each_other_one_way_only():
    edges = _without_own_packages(graph())
    assert len(edges) > 100  # it read the code
    assert sum(len(t) for t in edges.values()) > 300
    assert cycles(edges) == []


def test_a_cycle_through_a_package_that_re_exports_is_caught():
    edges = {
        "a.services": {"a.services.calling", "a.services.base"},  # __init__ re-exports
        "a.services.calling": {"a", "a.services.base", "b.services"},
        "a.services.base": {"a.services"},  # its own package: not an arrow
        "b.services": {"a.services"},  # imports the package, so every module of it
    }
    assert cycles(_without_own_packages(edges)) == [
        ["a.services", "a.services.calling", "b.services"]
    ]


def test_the_walk_finds_a_cycle_through_a_function_local_import(tmp_path):
    edges = {
        "a.services": {"a.events"},
        "a.events": {"b.tasks"},
        "b.tasks": {"a.services"},  # imported inside a function: still an arrow
        "c": {"a.services"},
    }
    assert cycles(edges) == [["a.events", "a.services", "b.tasks"]]
    # Function-local imports are read (none is left in our code: a module written here)...
    module = tmp_path / "events.py"
    module.write_text("def publish():\n    from queues import voice\n    return voice\n")
    assert _imports(module, "queues.events", set(graph())) == {"queues", "queues.voice"}
    source_edges = graph()
    # ... and typing-only ones are not: activity_day names DemoMall for annotations only.
    assert "agencies.demo.activity" not in source_edges["agencies.demo.activity_day"]


# --- app-level direction (issue 13): imports run from the top of the house down -------

# Lowest first. `mpp` is two layers: its shared helpers (lib, models, celery, consumers,
# settings) sit under every app; what wires the apps together (urls, routing, views,
# metrics, backups, tasks) above them all.
LAYERS = (
    "mpp-base",
    "webhooks",
    "messaging",  # WhatsApp consent and messages: under every app that sends one
    "agencies",
    "counters",
    "closures",
    "queues",
    "documents",
    "whatsapp",  # residents' replies act on their tickets
    "complaints",
    "monitoring",
    "console",
    "reports",
)
MPP_BASE = ("mpp.lib", "mpp.models", "mpp.celery", "mpp.consumers", "mpp.settings")
# Entry points that seed or drive the whole mall, whatever app they live in.
ENTRY_POINTS = ("agencies.demo", "agencies.management.commands.load_demo")

# Upward imports allowed for now: none left (issue 13). The list may only shrink: a new
# upward import fails the test below.
KNOWN_UPWARD: dict[str, set[str]] = {}


def layer(module: str) -> int:
    """The module's place in LAYERS; entry points and mpp's wiring above every app."""
    if module.startswith(ENTRY_POINTS):
        return len(LAYERS)
    if module.startswith("mpp"):
        return 0 if module.startswith(MPP_BASE) else len(LAYERS)
    return LAYERS.index(module.split(".")[0])


def upward(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """Imports of a module of a lower layer from a higher one, by importer."""
    found: dict[str, set[str]] = {}
    for module, targets in edges.items():
        up = {t for t in targets if layer(t) > layer(module)}
        if up:
            found[module] = up
    return found


def test_apps_import_only_downwards_or_a_known_exception():
    new = {
        module: targets - KNOWN_UPWARD.get(module, set())
        for module, targets in upward(graph()).items()
    }
    assert {module: targets for module, targets in new.items() if targets} == {}


def test_an_upward_import_is_caught():
    edges = {
        "counters.services": {"agencies.models", "mpp.lib.errors"},
        "queues.services": {"closures.selectors", "counters.services"},
        "closures.services": {"queues.models"},  # upwards
        "mpp.lib.realtime": {"queues.events"},  # a shared helper reaching into an app
        "mpp.urls": {"reports.urls"},  # wiring: from the top
    }
    assert upward(edges) == {
        "closures.services": {"queues.models"},
        "mpp.lib.realtime": {"queues.events"},
    }


def test_the_known_exceptions_are_still_there():
    # One fixed? Take it off KNOWN_UPWARD, so it cannot come back unnoticed.
    found = upward(graph())
    stale = {
        module: targets - found.get(module, set())
        for module, targets in KNOWN_UPWARD.items()
        if targets - found.get(module, set())
    }
    assert stale == {}
