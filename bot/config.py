"""Settings of the answering service: the index settings plus what answering adds, from the environment.

| variable             | meaning                                           | default |
|----------------------|---------------------------------------------------|---------|
| (index variables)    | see `ingest.settings`                             |         |
| YIBAO_RETRIEVER_MODE | `hybrid`, `bm25` or `dense` (for ablations)       | hybrid  |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ingest.settings import IndexSettings

RETRIEVER_MODES = ("hybrid", "bm25", "dense")


class ConfigError(ValueError):
    """A setting with a value outside its accepted values."""


@dataclass(frozen=True)
class Settings:
    index: IndexSettings = field(default_factory=IndexSettings)
    retriever_mode: str = "hybrid"

    def __post_init__(self) -> None:
        if self.retriever_mode not in RETRIEVER_MODES:
            raise ConfigError(
                f"YIBAO_RETRIEVER_MODE={self.retriever_mode!r}: accepted values are {', '.join(RETRIEVER_MODES)}"
            )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            index=IndexSettings.from_env(env),
            retriever_mode=env.get("YIBAO_RETRIEVER_MODE") or "hybrid",
        )
