"""One URL per action: no view reads an ``action`` field of a POST to pick what to do.

Every change is its own small POST-only view and URL (``creaconnect/core/actions.py``); a
branch on ``request.POST["action"]`` inside one big ``post()`` is the pattern this replaced.
The scan reads the syntax tree of every module of the apps, so a new switch fails here however
it is written (``request.POST.get("action")``, ``self.request.POST["action"]``,
``POST.getlist("action")``, ``"action" in request.POST``).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("creaconnect", "hubs", "programme", "hackathons", "showcase", "consortium", "events",
        "surveys")

# Modules still switching on ``action`` while they are converted in parallel (issue 19).
# Empty this list as each one lands; a file listed here that no longer switches fails too,
# so the list cannot outlive its reason.
NOT_YET_CONVERTED: set[str] = set()


def _is_post(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "POST"


def _is_action(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == "action"


def action_reads(tree: ast.AST) -> list[int]:
    """Line numbers where a POST's ``action`` field is read."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _is_post(node.value) and _is_action(node.slice):
            lines.append(node.lineno)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and _is_post(node.func.value) and node.args and _is_action(node.args[0])):
            lines.append(node.lineno)
        elif (isinstance(node, ast.Compare) and _is_action(node.left)
              and any(_is_post(c) for c in node.comparators)):
            lines.append(node.lineno)
    return lines


def switching_modules() -> dict[str, list[int]]:
    found = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            lines = action_reads(ast.parse(path.read_text(encoding="utf-8"), str(path)))
            if lines:
                found[path.relative_to(ROOT).as_posix()] = lines
    return found


def test_the_scan_finds_every_way_of_reading_the_action_field():
    source = """
def post(self, request):
    a = request.POST.get("action", "")
    b = self.request.POST["action"]
    c = request.POST.getlist("action")
    d = "action" in request.POST
    e = request.POST.get("team")
"""
    assert action_reads(ast.parse(source)) == [3, 4, 5, 6]


def test_no_view_switches_on_an_action_field():
    found = switching_modules()
    new = {path: lines for path, lines in found.items() if path not in NOT_YET_CONVERTED}
    assert new == {}, "one URL and POST-only view per action (creaconnect/core/actions.py)"
    done = NOT_YET_CONVERTED - set(found)
    assert done == set(), f"converted: remove {sorted(done)} from NOT_YET_CONVERTED"


# --- No model writes in views: services do them (with their audit entries) -----------------

QUERYSET_WRITES = {"create", "update", "delete", "bulk_create", "bulk_update", "get_or_create",
                   "update_or_create"}


def _is_queryset_chain(node: ast.AST) -> bool:
    """``X.objects…`` or a call chain on it (``X.objects.filter(…)``)."""
    while isinstance(node, ast.Call | ast.Attribute):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            return True
        node = node.func if isinstance(node, ast.Call) else node.value
    return False


def model_writes(tree: ast.AST) -> list[int]:
    """Line numbers of ``obj.save()`` (not ``form.save(commit=False)``), ``obj.delete()`` and
    writes through a manager or queryset (``X.objects.create``, ``….filter(…).update``)."""
    lines = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        if name in ("save", "delete") and not node.args and not any(
                k.arg == "commit" for k in node.keywords):
            lines.append(node.lineno)
        elif name in QUERYSET_WRITES and _is_queryset_chain(node.func.value):
            lines.append(node.lineno)
    return sorted(set(lines))


def test_the_scan_finds_model_writes():
    source = """
def post(self, request):
    form.save(commit=False)
    call.save()
    call.delete()
    Criterion.objects.create(call=call)
    Criterion.objects.filter(call=call).update(weight=1)
    initial.update(a=1)
    call.criteria.all()
"""
    assert model_writes(ast.parse(source)) == [4, 5, 6, 7]


def test_no_view_writes_a_model():
    found = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or not (
                    path.name.startswith("views") or "views" in path.parts):
                continue
            lines = model_writes(ast.parse(path.read_text(encoding="utf-8"), str(path)))
            if lines:
                found[path.relative_to(ROOT).as_posix()] = lines
    assert found == {}, "views call a service, which writes and audits"
