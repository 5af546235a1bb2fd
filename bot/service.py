"""The answering service of one process: settings, retriever, sessions, store and answerer together."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.answers.answering import Answerer
from bot.answers.calc_render import citations_for
from bot.answers.llm import LLMSettings, get_chat_model
from bot.answers.model import Answer
from bot.answers.rephrase import rephrase
from bot.answers.tools import calculator_tools
from bot.config import Settings
from bot.retrieval.retriever import Passage, get_retriever
from bot.storage.store import Store
from calculators.errors import InputError
from corpus.catalogue import CITIES
from ingest.index_state import read_pointer


@dataclass
class Service:
    settings: Settings
    answerer: Answerer
    store: Store
    llm: LLMSettings = field(default_factory=LLMSettings)
    chat_model: Any = None  # a langchain chat model when YIBAO_LLM_* configure one, else None

    @classmethod
    def from_env(cls) -> Service:
        return cls.from_settings(Settings.from_env())

    @classmethod
    def from_settings(cls, settings: Settings, record_unanswered: bool = True) -> Service:
        """A service over `settings`; `record_unanswered=False` keeps its declines out of the store."""
        store = Store(Path(settings.index.data_dir) / "yibao.sqlite")

        def search(query: str, city: str | None = None, k: int = 5) -> list[Passage]:
            return get_retriever(settings).search(query, city=city, k=k)

        def on_unanswered(question: str, reason: str, city: str | None) -> None:
            if record_unanswered:
                store.add_unanswered(question, reason, city)

        answerer = Answerer(search=search, on_unanswered=on_unanswered)
        llm = LLMSettings.from_env()
        return cls(settings=settings, answerer=answerer, store=store, llm=llm, chat_model=get_chat_model(llm))

    def answer(self, question: str, city: str | None = None, session_id: str | None = None) -> Answer:
        """The extractive or calculated answer; rephrased by the language model when one is
        configured and its text passes the number guard (otherwise the extractive text stands)."""
        answer = self.answerer.answer(question, city=city, session_id=session_id)
        if self.chat_model is None:
            return answer
        evidence = [c.text for c in answer.citations]
        tools = calculator_tools() if self.llm.tools else None
        return rephrase(answer, question, evidence, self.chat_model, self.llm.timeout_s, tools=tools)

    def search(self, query: str, city: str | None = None, k: int = 5, mode: str | None = None) -> list[Passage]:
        return search_passages(self.settings, query, city=city, k=k, mode=mode)

    def health(self) -> dict[str, Any]:
        pointer = read_pointer(Path(self.settings.index.data_dir))
        return {"index": None if pointer is None else pointer.version}

    def ensure_index(self, progress: bool = True) -> None:
        """Build the index from corpus/ when the data dir has none (first start)."""
        if read_pointer(Path(self.settings.index.data_dir)) is None:
            from ingest.pipeline import run_ingest

            run_ingest(self.settings.index, progress=progress)


def search_passages(settings: Settings, query: str, city: str | None = None, k: int = 5,
                    mode: str | None = None) -> list[Passage]:
    """Ranked passages of the index `settings` name; an unsupported city is an InputError."""
    if city is not None and city not in CITIES:
        raise InputError("city", f"不支持的城市“{city}”", accepted=CITIES)
    return get_retriever(settings).search(query, city=city, k=k, mode=mode)


def calculation_citations(calculation: dict[str, Any]) -> list[dict[str, Any]]:
    """The numbered citations of a calculator's result (`Result.to_dict()`), as the chat gives them."""
    return [c.to_dict() for c in citations_for(calculation)[0]]


_default: Service | None = None
_default_lock = threading.Lock()


def default_service() -> Service:
    global _default
    with _default_lock:
        if _default is None:
            _default = Service.from_env()
        return _default
