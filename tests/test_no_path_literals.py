"""Links are built from endpoints: no Python module outside the URL maps spells a staff
(/admin/) or customer-area (/kunden/) path."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("gorilla", "crm", "portal", "mail_templates", "tenants", "api", "webhooks")
URL_MAP_MODULES = {  # the only modules that may write paths: the blueprints (URL maps)
    path.relative_to(ROOT).as_posix()
    for package in PACKAGES
    for path in (ROOT / package).rglob("blueprint.py")
}
PREFIXES = ("/admin/", "/kunden/")


def docstrings(tree: ast.AST) -> set[ast.Constant]:
    """The docstring constants of the module, its classes and functions (prose, not paths)."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            found.add(first.value)
    return found


def path_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal (f-string parts too) holding a staff/portal path."""
    tree = ast.parse(source)
    prose = docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node not in prose
        and any(prefix in node.value for prefix in PREFIXES)
    ]


def modules() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if path.relative_to(ROOT).as_posix() not in URL_MAP_MODULES
    ]


def test_the_scan_catches_plain_and_f_string_paths_but_not_docstrings():
    source = '"""Served at /kunden/login."""\nA = "/admin/"\nB = f"/kunden/aufgaben/{7}"\n'
    assert path_literals(source) == [(2, "/admin/"), (3, "/kunden/aufgaben/")]


def test_no_module_outside_the_url_maps_writes_an_admin_or_customer_area_path():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in modules()
        for line, text in path_literals(path.read_text(encoding="utf-8"))
    ]
    assert found == []
