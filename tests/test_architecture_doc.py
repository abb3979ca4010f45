"""docs/ARCHITECTURE.md names only what exists: a rename that forgets the map fails here.

Every name in backticks outside code blocks is checked by its shape:
- `a/b.py`, `static/js/`: a file or folder of the repository (`models.py`, `api/`: of
  one app at least);
- `name()`, `module.name()`, `name(args)`: a function or class defined in our code (or a
  Django QuerySet method);
- `snake_name`: a constraint or index (from the model registry), or a name our code
  defines (function, class, assignment target, model field);
- `CamelName`, `CONSTANT`, `Class.field`: a class or name our code defines;
- `a.b`: a module of ours, or a string our code uses (an event type such as `ticket.called`).
Anything else (prose with spaces, placeholders like `<id>`, SQL) is left alone.
"""

import ast
import re
from functools import cache
from pathlib import Path

from django.apps import apps
from django.db.models import QuerySet

from tests.test_import_graph import APPS, ENTRY_POINTS, graph

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "ARCHITECTURE.md"
# Our apps and mpp: the packages the doc speaks of (the same list the import graph walks).
PACKAGES = APPS

_FENCE = re.compile(r"^```.*?^```", re.S | re.M)
_TICKED = re.compile(r"`([^`\n]+)`")
_CALL = re.compile(r"([A-Za-z_][\w.]*)\([^()]*\)")
_SNAKE = re.compile(r"[a-z_][a-z0-9_]*")
_NAME = re.compile(r"[A-Z]\w*(\.\w+)?")
_DOTTED = re.compile(r"[a-z_]\w*(\.[a-z_]\w*)+")


def mentions(text: str) -> list[str]:
    return _TICKED.findall(_FENCE.sub("", text))


def _packages() -> list[Path]:
    return [ROOT / package for package in PACKAGES]


def _sources() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    ]


@cache
def _code() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(names defined, modules, string constants) of our code, migrations aside
    (they keep old names)."""
    names: set[str] = set()
    strings: set[str] = set()
    modules: set[str] = set()
    for path in _sources():
        parts = path.relative_to(ROOT).with_suffix("").parts
        modules.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Name | ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.id if isinstance(node, ast.Name) else node.attr)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
    return frozenset(names), frozenset(modules), frozenset(strings)


@cache
def _schema() -> frozenset[str]:
    """Constraint, index and field names of every model."""
    found: set[str] = set()
    for model in apps.get_models():
        meta = model._meta
        found |= {c.name for c in meta.constraints} | {i.name for i in meta.indexes if i.name}
        found |= {f.name for f in meta.get_fields()}
    return frozenset(found)


def _fields(model_name: str) -> set[str]:
    return {
        field.name
        for model in apps.get_models()
        if model.__name__ == model_name
        for field in model._meta.get_fields()
    }


def unknown(mention: str) -> bool:
    """True when `mention` has a checkable shape and names nothing in the code."""
    names, modules, strings = _code()
    if "<" in mention or " " in mention or "*" in mention:
        return False
    if "/" in mention or mention.endswith(".py"):
        # `models.py`, `api/`: what every app has, so at least one must
        return not any((base / mention).exists() for base in (ROOT, *_packages()))
    call = _CALL.fullmatch(mention)
    if call:
        name = call.group(1).rsplit(".", 1)[-1]
        return name not in names and not hasattr(QuerySet, name)
    if _SNAKE.fullmatch(mention):
        return mention not in names | _schema() and ("_" in mention or mention not in strings)
    if _NAME.fullmatch(mention):
        owner, _, attr = mention.partition(".")
        return owner not in names or (bool(attr) and attr not in _fields(owner))
    if _DOTTED.fullmatch(mention):
        return mention not in modules and mention not in strings
    return False


def test_every_name_the_architecture_doc_mentions_exists():
    missing = [m for m in mentions(DOC.read_text()) if unknown(m)]
    assert missing == []


def test_the_doc_names_the_places_a_newcomer_looks_first():
    # The checks above only bite on what the doc names: keep the core in it.
    named = set(mentions(DOC.read_text()))
    for core in (
        "queues/services/calling.py",
        "ticket_call_next()",
        "_transition()",
        "_next_number()",
        "publish()",
        "enqueue_on_commit()",
        "one_current_ticket_per_counter",
        "mpp/celery.py",
    ):
        assert core in named


def test_a_renamed_or_missing_name_is_caught():
    # The checker must be able to fail, for each shape it checks.
    for missing in (
        "queues/no_such_module.py",
        "ticket_call_nxt()",
        "one_current_ticket_per_countr",
        "TICKET_REFUSAL",
        "SurveyResponse.tickets",
        "queues.no_such_module",
    ):
        assert unknown(missing), missing
    for present in (
        "monitoring/services.py",
        "realtime.publish()",
        "select_for_update(skip_locked=True)",
        "survey_u9_1_to_4",
        "CounterBusy",
        "SurveyResponse.ticket",
        "ticket.recalled",
        "monitoring.events",
    ):
        assert not unknown(present), present


def drawn_arrows(text: str) -> dict[str, set[str]]:
    """The apps' arrows of the doc's drawing: `app --> a, b, c   note`."""
    block = text.split("A --> B:", 1)[1].split("```", 1)[0]
    arrows = {}
    for line in block.splitlines():
        found = re.match(r"(\w+)\s+-->\s+([a-z]+(?:, [a-z]+)*)", line)
        if found and found.group(1) != "mpp":  # mpp: "every app" (its wiring)
            arrows[found.group(1)] = set(found.group(2).split(", "))
    return arrows


def test_the_doc_draws_the_arrows_the_code_has():
    actual: dict[str, set[str]] = {}
    for module, targets in graph().items():
        app = module.split(".")[0]
        if app != "mpp" and not module.startswith(ENTRY_POINTS):  # the demo: every app
            actual.setdefault(app, set()).update(t.split(".")[0] for t in targets)
    assert drawn_arrows(DOC.read_text()) == {app: t - {app} for app, t in actual.items()}


def test_a_wrong_arrow_is_caught():
    text = "A --> B: ...\nqueues     --> agencies, mpp   note\nmpp --> every app\n```"
    assert drawn_arrows(text) == {"queues": {"agencies", "mpp"}}


def test_the_readme_layout_links_the_doc():
    readme = (ROOT / "README.md").read_text()
    layout = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    assert "docs/ARCHITECTURE.md" in layout
