"""The direction of imports between the apps (docs/architecture.md, "Layers").

A module may import its own app, the project's base modules (irs.*, except the project glue
below) and apps in lower layers; never an app in its own layer or above. An app that must call
up registers a hook instead (a signal, a registry: routing.registry.register,
wikis.contributions, reports.signals). Function-local imports count too: hiding an upward
import inside a function does not change the direction.
"""

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]

LAYERS = [
    {"wikis"},
    {"accounts"},
    {"reports"},
    {"routing"},
    {"desk"},
    {"embed", "api", "metrics"},
    {"transparency"},
    {"privacy"},
]
# The project's glue: URLs, the middleware that reads a wiki, demo data, the WSGI entry point,
# the commands that run the whole service, and the pages across apps (where each person works,
# the operators' page, the local MediaWiki the tests and the demo run). They may import any
# app; no app imports them.
PROJECT_GLUE = (
    "irs.urls",
    "irs.views",
    "irs.demo",
    "irs.language",
    "irs.wsgi",
    "irs.management",
    "irs.navigation",
    "irs.operators",
    "irs.mediawiki",
    "irs.demo_wiki",
)


def layer_of(app: str) -> int:
    for number, members in enumerate(LAYERS):
        if app in members:
            return number
    raise AssertionError(f"app {app!r} has no layer: add it to LAYERS and docs/architecture.md")


def project_apps() -> set[str]:
    return {
        config.name.split(".")[0]
        for config in apps.get_app_configs()
        if (ROOT / config.name.split(".")[0]).is_dir()
        and Path(config.path).is_relative_to(ROOT)
        and config.name != "irs"
    }


def imports(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield ".".join(parts)[: -len(".py")].removesuffix(".__init__"), path


def test_every_app_of_the_project_has_a_layer():
    for app in project_apps():
        layer_of(app)


def test_apps_import_only_their_own_layer_below_and_the_base():
    known = project_apps()
    wrong = []
    for app in sorted(known):
        for module, path in modules(app):
            for line, imported in imports(path):
                target = imported.split(".")[0]
                if target == app:
                    continue
                if target == "irs":
                    if imported.startswith(PROJECT_GLUE):
                        wrong.append(f"{module}:{line} imports project glue {imported}")
                    continue
                if target in known and layer_of(target) >= layer_of(app):
                    wrong.append(f"{module}:{line} imports {imported} (not a lower layer)")
    assert wrong == []


def test_the_base_modules_of_irs_import_no_app():
    known = project_apps()
    wrong = [
        f"{module}:{line} imports {imported}"
        for module, path in modules("irs")
        if not module.startswith(PROJECT_GLUE)
        for line, imported in imports(path)
        if imported.split(".")[0] in known
    ]
    assert wrong == []


def test_a_mutant_upward_import_would_be_caught(tmp_path):
    """The checker itself: an upward import in a lower app is reported."""
    source = tmp_path / "sample.py"
    source.write_text("def f():\n    from desk.models import Team\n")
    found = [imported for _line, imported in imports(source)]
    assert found == ["desk.models"]
    assert layer_of("desk") >= layer_of("wikis")
