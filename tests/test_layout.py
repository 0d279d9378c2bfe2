"""The house's shape (docs/ARCHITECTURE.md), checked on the source: arrows, circles, sizes.

- no import circle between genkit's modules, counting the imports made inside functions and the
  three made by name (the shell imports each tab of `genkit.ui.TABS`, the translation table each
  leaf of genkit/ui/text, the registry each network's module);
- gradio only under genkit/ui; the views and the library never import genkit.ui;
- no tab module imports another tab module, and a text leaf imports nothing of genkit.ui;
- no file in genkit/ over 400 lines but the translation tables, and a tab module at most 350.
"""

import ast
from pathlib import Path

from genkit.registry import REGISTRY
from genkit.ui import TABS
from genkit.ui.i18n import text_modules

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "genkit"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}
TAB_MODULES = {f"genkit.ui.{name}" for name, _ in TABS}


def imports(name: str) -> set[str]:
    """The genkit modules that module `name` imports, anywhere in its file (functions included)."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for a in node.names:  # `from genkit.ui import common` imports the module genkit.ui.common
                sub = f"{node.module}.{a.name}"
                found.add(sub if sub in MODULES else node.module)
    return {m for m in found if m in MODULES or m.split(".")[0] == "gradio"}


def graph() -> dict[str, set[str]]:
    edges = {name: {m for m in imports(name) if m in MODULES} for name in MODULES}
    edges["genkit.ui"] |= TAB_MODULES  # build_app imports each tab by name
    edges["genkit.ui.i18n"] |= {f"genkit.ui.text.{n}" for n in text_modules()}  # table() gathers every leaf
    edges["genkit.registry"] |= {e.cls.split(":")[0] for e in REGISTRY.values()}  # Entry.model_class()
    return edges


def find_circle(edges: dict[str, set[str]]) -> list[str] | None:
    """A path m -> ... -> m through `edges` if there is one (depth-first search), else None."""
    state, path = {}, []

    def visit(m):
        state[m] = "open"
        path.append(m)
        for n in sorted(edges.get(m, ())):
            if state.get(n) == "open":
                return path[path.index(n):] + [n]
            if n not in state and (found := visit(n)):
                return found
        path.pop()
        state[m] = "done"
        return None

    for m in sorted(edges):
        if m not in state and (found := visit(m)):
            return found
    return None


def test_no_import_circle():
    assert find_circle(graph()) is None


def test_the_walk_finds_a_circle_and_reads_imports(tmp_path):
    """The checks themselves: a circle made on purpose is found; an import inside a function counts."""
    assert find_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_circle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None
    (tmp_path / "a.py").write_text("def f():\n    from genkit import b\n")
    (tmp_path / "b.py").write_text("import gradio\nfrom genkit.a import f\n")
    saved = dict(MODULES)
    try:
        MODULES.update({"genkit.a": tmp_path / "a.py", "genkit.b": tmp_path / "b.py"})
        assert imports("genkit.a") == {"genkit.b"} and imports("genkit.b") == {"genkit.a", "gradio"}
    finally:
        MODULES.clear()
        MODULES.update(saved)


def test_gradio_only_in_the_ui():
    outside = [m for m in MODULES if not m.startswith("genkit.ui") and "gradio" in imports(m)]
    assert outside == []
    tools = {"genkit.bench", "genkit.loadtest", "genkit.loadtest_browser"}  # they time the tabs' handlers, drive the app
    backwards = [(m, n) for m in MODULES if not m.startswith("genkit.ui") and m not in tools
                 for n in imports(m) if n.startswith("genkit.ui")]
    assert backwards == []  # the library and the views never reach up into the UI


def test_tabs_and_texts_stand_alone():
    for tab in TAB_MODULES:
        assert {m for m in imports(tab) if m in TAB_MODULES or m == "genkit.ui"} == set(), tab
    for name in text_modules():
        assert not {m for m in imports(f"genkit.ui.text.{name}") if m.startswith("genkit.ui")}, name


def test_file_sizes():
    lines = {m: len(p.read_text().splitlines()) for m, p in MODULES.items()}
    assert {m: n for m, n in lines.items() if n > 400 and not m.startswith("genkit.ui.text.")} == {}
    assert {m: lines[m] for m in TAB_MODULES if lines[m] > 350} == {}
