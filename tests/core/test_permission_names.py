"""Every permission name the code asks for exists in the rules registry (issue 19).

A misspelt name in ``permission_required``, ``has_perm(...)``, a report kind's ``permission``,
``{% has_perm "..." %}`` or ``perms.app.name`` in a template would silently refuse everyone
(``rules`` answers ``False`` for a name it does not know). The names are read from the source
with ``ast`` and, for templates, with a regular expression; the registry is
``rules.permissions.permissions`` once ``AutodiscoverRulesConfig`` has loaded every ``rules.py``.
"""

import ast
import re
from pathlib import Path

import rules

from creaconnect.reports import kinds as report_kinds

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = ["creaconnect", "hubs", "programme", "hackathons", "showcase", "consortium",
            "templates"]
TEMPLATE_PERMS = [re.compile(r"""\{%\s*has_perm\s+["']([\w.]+)["']"""),
                  re.compile(r"\bperms\.(\w+\.\w+)\b")]


def _files(suffix: str):
    for top in APP_DIRS:
        for path in sorted((ROOT / top).rglob(f"*{suffix}")):
            if "migrations" not in path.parts:
                yield path


def _strings(node) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)]


def _python_uses(tree) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {getattr(t, "id", getattr(t, "attr", None)) for t in targets}
            if "permission_required" in names and node.value is not None:
                found += [(node.lineno, s) for s in _strings(node.value)]
        elif isinstance(node, ast.Call):
            func = getattr(node.func, "attr", getattr(node.func, "id", ""))
            first = node.args[0] if node.args else None
            if (func in {"has_perm", "permission_required", "test_rule"}
                    and isinstance(first, ast.Constant) and isinstance(first.value, str)):
                found.append((node.lineno, first.value))
            for keyword in node.keywords:
                if keyword.arg in {"permission", "permission_required"} and isinstance(
                        keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                    found.append((node.lineno, keyword.value.value))
    return found


def permission_uses() -> dict[str, list[str]]:
    """``{permission name: ["path:line", ...]}`` for every name the code asks for."""
    uses: dict[str, list[str]] = {}
    for path in _files(".py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, name in _python_uses(tree):
            if not name:  # the mixin's empty default: every view sets its own
                continue
            uses.setdefault(name, []).append(f"{path.relative_to(ROOT)}:{line}")
    for path in _files(".html"):
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for pattern in TEMPLATE_PERMS:
                for name in pattern.findall(text):
                    uses.setdefault(name, []).append(f"{path.relative_to(ROOT)}:{number}")
    for key, kind in report_kinds.KINDS.items():
        if getattr(kind, "permission", None):
            uses.setdefault(kind.permission, []).append(f"report kind {key!r}")
    return uses


def test_the_scan_finds_the_permission_names_in_use():
    uses = permission_uses()
    # Each way of asking is seen at least once, so the scan cannot silently find nothing.
    assert "hubs.view_console" in uses  # permission_required = "..."
    assert "hubs.manage_staff" in uses  # has_perm("...")
    assert "notifications.send_announcement" in uses  # perms.app.name in a template
    assert "programme.issue_certificate" in uses  # a report kind's permission
    assert len(uses) >= 20


def test_every_permission_name_in_use_exists_in_the_rules_registry():
    registry = rules.permissions.permissions
    missing = {name: where for name, where in permission_uses().items()
               if not registry.rule_exists(name)}
    assert not missing, f"permission names no rules.py defines: {missing}"
