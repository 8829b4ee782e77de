"""Imports point one way (docs/architecture.md): tenants and the gorilla shell at the bottom,
then mail_templates, then crm, then portal on top.

Every ``import`` of the project's packages is read from the source (imports inside functions
too) and checked against the rules below.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("tenants", "gorilla", "mail_templates", "webhooks", "crm", "api", "portal")
# importer package -> packages it must never import
FORBIDDEN = {
    "tenants": {"mail_templates", "webhooks", "crm", "api", "portal"},
    "gorilla": {"mail_templates", "webhooks", "crm", "api", "portal"},
    "mail_templates": {"webhooks", "crm", "api", "portal"},
    "webhooks": {"crm", "api", "portal"},
    "crm": {"api", "portal"},
    "api": {"portal"},
}
# the portal reaches crm through a feature's models and services only (crm.<feature>.<module>)
PORTAL_USES_OF_CRM = {"models", "service", "queries", "pdf", "pictures"}


def module_name(path: Path) -> str:
    """``crm/contacts/forms.py`` -> ``crm.contacts.forms``; ``__init__.py`` -> its package."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_sources() -> dict[str, tuple[str, bool]]:
    """Module name -> (source, is a package) for every module of the project's packages."""
    return {
        module_name(path): (path.read_text(encoding="utf-8"), path.name == "__init__.py")
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def imported_modules(module: str, source: str, is_package: bool, known: set[str]):
    """(line, module) of every import in ``source``, relative ones resolved; ``from a import b``
    counts as ``a.b`` when that is a module of the project."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            names = (f"{base}.{alias.name}" for alias in node.names)
            for target in dict.fromkeys(name if name in known else base for name in names):
                yield node.lineno, target


def broken_rule(importer: str, target: str) -> str | None:
    """Why ``importer`` must not import ``target`` (None when it may)."""
    source, destination = importer.split(".")[0], target.split(".")[0]
    if destination in FORBIDDEN.get(source, ()):
        return f"{source} must not import {destination}"
    parts = target.split(".")
    through_service = len(parts) == 3 and parts[2] in PORTAL_USES_OF_CRM
    if source == "portal" and destination == "crm" and not through_service:
        return (
            f"portal uses crm only through crm.<feature>.{{{','.join(sorted(PORTAL_USES_OF_CRM))}}}"
        )
    return None


def violations(sources: dict[str, tuple[str, bool]]) -> list[str]:
    """``module:line imports target: reason`` for every import that breaks a rule."""
    known = set(sources)
    return [
        f"{module}:{line} imports {target}: {reason}"
        for module, (source, is_package) in sources.items()
        for line, target in imported_modules(module, source, is_package, known)
        if (reason := broken_rule(module, target))
    ]


def test_the_walker_catches_planted_violations_also_inside_functions():
    planted = {
        "gorilla.x": ("def seed():\n    from crm.contacts.models import Contact\n", False),
        "mail_templates.y": ("import crm\n", False),
        "portal.z": ("from crm.tasks import forms\nfrom crm.tasks import service\n", False),
        "crm.tasks.forms": ("", False),
        "crm.tasks.service": ("import portal.z\n", False),
    }
    assert violations(planted) == [
        "gorilla.x:2 imports crm.contacts.models: gorilla must not import crm",
        "mail_templates.y:1 imports crm: mail_templates must not import crm",
        "portal.z:1 imports crm.tasks.forms: portal uses crm only through "
        "crm.<feature>.{models,pdf,pictures,queries,service}",
        "crm.tasks.service:1 imports portal.z: crm must not import portal",
    ]


def test_the_walker_resolves_relative_imports_and_imported_submodules():
    source = "from .service import save_task\nfrom ..projects import models\n"
    found = imported_modules("crm.tasks.forms", source, False, {"crm.projects.models"})
    assert list(found) == [(1, "crm.tasks.service"), (2, "crm.projects.models")]


def test_imports_point_down_the_layers():
    assert violations(project_sources()) == []
