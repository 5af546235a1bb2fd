"""The optional language model: its settings from the environment, and the langchain client.

The service is complete without a model. When one is configured it only rephrases grounded
answers (see `bot.answers.rephrase`), through any OpenAI-compatible endpoint: vLLM, llama.cpp server,
Ollama, a hosted API.

| variable              | meaning                                                  | default        |
|-----------------------|----------------------------------------------------------|----------------|
| YIBAO_LLM_BASE_URL    | endpoint, including the path prefix, e.g. http://127.0.0.1:8000/v1 | (no model) |
| YIBAO_LLM_MODEL       | model name the endpoint serves                           | (no model)     |
| YIBAO_LLM_API_KEY     | API key; local servers often need none                   | (none)         |
| YIBAO_LLM_TIMEOUT     | seconds a rephrasing may take before the extractive answer is given | 20  |
| YIBAO_LLM_TOOLS       | `1` lets the model call the calculators as tools          | 0              |

Both YIBAO_LLM_BASE_URL and YIBAO_LLM_MODEL must be set to use a model; neither set means none.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.config import ConfigError

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel

DEFAULT_TIMEOUT_S = 20.0
# Sent when no key is configured: the OpenAI client requires one, local servers ignore it.
NO_API_KEY = "not-needed"
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")


@dataclass(frozen=True)
class LLMSettings:
    base_url: str | None = None
    model: str | None = None
    api_key: str | None = None
    timeout_s: float = DEFAULT_TIMEOUT_S
    tools: bool = False

    def __post_init__(self) -> None:
        if bool(self.base_url) != bool(self.model):
            missing = "YIBAO_LLM_MODEL" if self.base_url else "YIBAO_LLM_BASE_URL"
            raise ConfigError(
                f"{missing} is not set: a language model needs both YIBAO_LLM_BASE_URL and "
                "YIBAO_LLM_MODEL (unset both to answer without a model)"
            )
        if not (math.isfinite(self.timeout_s) and self.timeout_s > 0):
            raise ConfigError(f"YIBAO_LLM_TIMEOUT={self.timeout_s!r}: accepted values are seconds > 0, e.g. 20")

    @property
    def configured(self) -> bool:
        return bool(self.base_url and self.model)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> LLMSettings:
        env = os.environ if environ is None else environ
        return cls(
            base_url=(env.get("YIBAO_LLM_BASE_URL") or "").strip() or None,
            model=(env.get("YIBAO_LLM_MODEL") or "").strip() or None,
            api_key=(env.get("YIBAO_LLM_API_KEY") or "").strip() or None,
            timeout_s=_seconds(env.get("YIBAO_LLM_TIMEOUT")),
            tools=_flag("YIBAO_LLM_TOOLS", env.get("YIBAO_LLM_TOOLS")),
        )


def _seconds(raw: str | None) -> float:
    if raw is None or not raw.strip():
        return DEFAULT_TIMEOUT_S
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"YIBAO_LLM_TIMEOUT={raw!r}: accepted values are seconds > 0, e.g. 20") from None


def _flag(name: str, raw: str | None) -> bool:
    value = (raw or "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name}={raw!r}: accepted values are 1/0, true/false, yes/no, on/off")


def get_chat_model(settings: LLMSettings) -> BaseChatModel | None:
    """A langchain `ChatOpenAI` for the configured endpoint, or None when no model is configured.

    No retries (a failed call falls back to the extractive answer at once) and temperature 0
    (rephrasing, not invention). Raises `ConfigError` when the `llm` extra is not installed.
    """
    if not settings.configured:
        return None
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as exc:
        raise ConfigError(
            "YIBAO_LLM_BASE_URL is set but langchain-openai is not installed: "
            "install the llm extra (pip install 'yibao[llm]') or unset YIBAO_LLM_BASE_URL"
        ) from exc
    return ChatOpenAI(
        model=settings.model,
        base_url=settings.base_url,
        api_key=settings.api_key or NO_API_KEY,
        timeout=settings.timeout_s,
        max_retries=0,
        temperature=0,
    )
