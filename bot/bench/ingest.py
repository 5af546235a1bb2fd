"""Ingest time of the whole corpus: a first build into a fresh data dir, again with nothing changed,
and a forced rebuild whose vectors all come from the embedding cache."""

from __future__ import annotations

from pathlib import Path

from bot.bench.report import Row, Section, target
from bot.bench.stats import seconds
from ingest.pipeline import run_ingest
from ingest.settings import IndexSettings

TARGET_FIRST_S = 120.0
TARGET_UNCHANGED_S = 5.0


def measure_ingest(section: Section, data_dir: Path, embedder: str, log=print) -> None:
    """Build the index of the whole corpus into `data_dir` (fresh) and time it three ways."""
    settings = IndexSettings(data_dir=data_dir, embedder=embedder)
    log("首次建立索引（全新数据目录）…")
    first = run_ingest(settings, progress=True)
    log("再次运行 ingest（文档未变）…")
    unchanged = run_ingest(settings, progress=False)
    log("强制重建（向量全部来自缓存）…")
    forced = run_ingest(settings, progress=False, force=True)
    section.rows += [
        Row(f"first ingest ({first.chunks} chunks, fresh data dir)", seconds(first.seconds),
            target(first.seconds, TARGET_FIRST_S, "s")),
        Row("re-ingest, nothing changed", seconds(unchanged.seconds),
            target(unchanged.seconds, TARGET_UNCHANGED_S, "s")),
        Row("forced rebuild, vectors from the embedding cache", seconds(forced.seconds)),
    ]
    section.notes += [
        f"embedder `{embedder}`, embedded Chroma; first ingest: load, clean, chunk, embed every chunk, "
        "build Chroma + BM25, verify, switch;",
        "re-ingest with nothing changed: the serving index already matches the corpus, nothing is built;",
        "forced rebuild (`yibao ingest --force`): a new version built with every vector from the cache.",
    ]
