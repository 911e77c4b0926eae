"""The shape of the demo package (lms/demo/): its modules import one another in one direction, at the top of the
module and through public names only, so none of them needs an import tucked into a function to dodge a
circle; each says what it does and stays readable at once. Read from the source, without importing it."""

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[3] / "lms" / "demo"
SOURCES = sorted(path for path in PACKAGE.rglob("*.py") if "curriculum" not in path.parts)
MAX_LINES = 400  # STYLE.md, rule 6


def module_name(path: Path) -> str:
    return ".".join(("lms", "demo", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")


def tree_of(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def demo_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import of a module of the demo, wherever it stands in `tree`."""
    return [node for node in ast.walk(tree)
            if (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("lms.demo"))
            or (isinstance(node, ast.Import) and any(alias.name.startswith("lms.demo") for alias in node.names))]


def graph() -> dict[str, set[str]]:
    """Module → the demo modules it imports."""
    return {module_name(path): {node.module for node in demo_imports(tree_of(path)) if isinstance(node, ast.ImportFrom)}
            for path in SOURCES}


def test_the_package_has_the_modules_the_demo_is_split_into():
    assert {module_name(path) for path in SOURCES} >= {
        f"lms.demo.{name}" for name in ("apps", "sources", "pages", "people", "site", "sessions", "quizzes",
                                        "results", "certificates", "calls", "seed")
    } | {"lms.demo.management.commands.seed_demo"}


@pytest.mark.parametrize("path", SOURCES, ids=module_name)
def test_demo_modules_are_imported_by_name_at_the_top_and_only_for_public_names(path):
    tree = tree_of(path)
    imports = demo_imports(tree)
    at_the_top = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    assert [node for node in imports if node not in at_the_top] == [], "an import inside a function"
    assert all(isinstance(node, ast.ImportFrom) for node in imports), "import names from a module, not the module"
    private = [alias.name for node in imports for alias in node.names if alias.name.startswith("_")]
    assert private == []


def test_the_demo_modules_import_one_another_in_one_direction():
    edges = graph()
    try:
        order = list(TopologicalSorter(edges).static_order())
    except CycleError as error:
        pytest.fail(f"an import circle through {', '.join(sorted(set(error.args[1])))}")
    assert order.index("lms.demo.sources") < order.index("lms.demo.site") < order.index("lms.demo.seed")
    # The lower modules know nothing of the ones that build on them.
    assert edges["lms.demo.sources"] == edges["lms.demo.pages"] == edges["lms.demo.people"] == set()
    assert edges["lms.demo.seed"] >= {"lms.demo.site", "lms.demo.sessions", "lms.demo.quizzes", "lms.demo.results",
                                      "lms.demo.certificates", "lms.demo.calls"}
    assert not any("lms.demo.seed" in imported for module, imported in edges.items()
                   if module != "lms.demo.management.commands.seed_demo")


@pytest.mark.parametrize("path", [path for path in SOURCES if path.read_text(encoding="utf-8").strip()],
                         ids=module_name)
def test_every_module_says_what_it_does_and_reads_at_once(path):
    source = path.read_text(encoding="utf-8")
    docstring = ast.get_docstring(tree_of(path))
    if path.name != "apps.py":  # an app config's docstring is its class's
        assert docstring, "a module docstring"
    assert len(source.splitlines()) <= MAX_LINES
