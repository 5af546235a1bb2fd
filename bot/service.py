"""The answering service of one process: settings, retriever, sessions, store and answerer together."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.answers.answering import Answerer
from bot.answers.calc_render import citations_for
from bot.answers.llm import LLMSettings, get_chat_model
from bot.answers.model import Answer
from bot.answers.related import MAX_RELATED, related_questions
from bot.answers.rephrase import rephrase
from bot.answers.tools import calculator_tools
from bot.config import Settings
from bot.retrieval.annotations import linked_unit, links_from_rows
from bot.retrieval.retriever import IndexUnavailable, Passage, forget_retrievers, get_retriever
from bot.storage.db import DATABASE_URL_ENV, database_url
from bot.storage.redact import redact
from bot.storage.sessions import plausible_id
from bot.storage.store import Store
from bot.understanding.normalize import MAX_INPUT_CHARS, clean_input
from calculators.errors import InputError
from corpus.catalogue import CITIES
from ingest.index_state import IndexCorrupt, IndexNotBuilt, read_pointer

__all__ = ["DATABASE_URL_ENV", "MAX_RELATED", "IndexCorrupt", "IndexNotBuilt", "IndexUnavailable", "Service",
           "database_url", "default_service", "related_questions", "search_passages"]

MAX_FIELD_CHARS = 64  # a city name or a session id


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
        store = Store(database_url(settings.index.data_dir))  # YIBAO_DATABASE_URL, else yibao.sqlite in the data dir

        def search(query: str, city: str | None = None, k: int = 5) -> list[Passage]:
            return get_retriever(settings).search(query, city=city, k=k)

        def on_unanswered(question: str, reason: str, city: str | None) -> None:
            if record_unanswered:
                store.add_unanswered(question, reason, city)

        def linked(question_norm: str) -> Passage | None:
            chunk_id = linked_unit(question_norm, links_from_rows(store.annotations(include_revoked=False)))
            return get_retriever(settings).passage(chunk_id) if chunk_id else None

        answerer = Answerer(search=search, on_unanswered=on_unanswered, sessions=shared_sessions(), linked=linked)
        llm = LLMSettings.from_env()
        return cls(settings=settings, answerer=answerer, store=store, llm=llm, chat_model=get_chat_model(llm))

    def answer(self, question: str, city: str | None = None, session_id: str | None = None) -> Answer:
        """The extractive or calculated answer; rephrased by the language model when one is
        configured and its text passes the number guard (otherwise the extractive text stands).

        Every input passes `clean_input` first (surrogates and control characters removed, length
        bounded); a session id the server did not issue starts a new session under a fresh id."""
        question = clean_input(question, MAX_INPUT_CHARS)
        city = clean_input(city, MAX_FIELD_CHARS) or None
        session_id = clean_input(session_id, MAX_FIELD_CHARS) or None
        answer = self.answerer.answer(question, city=city, session_id=session_id)
        if self.chat_model is None:
            return answer
        evidence = [c.text for c in answer.citations]
        tools = calculator_tools() if self.llm.tools else None
        return rephrase(answer, question, evidence, self.chat_model, self.llm.timeout_s, tools=tools)

    def search(self, query: str, city: str | None = None, k: int = 5, mode: str | None = None) -> list[Passage]:
        return search_passages(self.settings, query, city=city, k=k, mode=mode)

    def health(self) -> dict[str, Any]:
        """Liveness: the process answers (the index is reported, not checked; see `readiness`)."""
        try:
            pointer = read_pointer(Path(self.settings.index.data_dir))
        except IndexCorrupt:
            pointer = None
        return {"index": None if pointer is None else pointer.version}

    def readiness(self) -> tuple[bool, dict[str, Any]]:
        """Readiness: (True, details) while a verified index serves, else (False, a Chinese error)."""
        try:
            retriever = get_retriever(self.settings)
            retriever.check()
        except IndexUnavailable as exc:
            return False, {"error": "检索索引已损坏，暂时无法回答，请稍后再试。", "detail": str(exc)}
        except IndexNotBuilt:
            return False, {"error": "检索索引尚未建立，暂时无法回答，请稍后再试。"}
        except Exception as exc:  # IndexCorrupt at check time, an unreachable Chroma server …
            return False, {"error": "检索索引暂时不可用，请稍后再试。", "detail": f"{type(exc).__name__}: {exc}"}
        return True, {"status": "ready", "index": retriever.pointer.version}

    def ensure_index(self, progress: bool = True) -> None:
        """Build the index from corpus/ when the data dir has none (first start)."""
        from ingest.pipeline import run_ingest

        try:
            pointer = read_pointer(Path(self.settings.index.data_dir))
        except IndexCorrupt:
            pointer = None
        if pointer is None:
            run_ingest(self.settings.index, progress=progress)
            return
        ready, details = self.readiness()
        if not ready:  # neither the serving version nor the one before it verifies: rebuild
            logging.getLogger("yibao.index").error("no verified index (%s): rebuilding", details.get("detail"))
            run_ingest(self.settings.index, progress=progress, force=True)
            forget_retrievers()


def shared_sessions():
    """The session store replicas share (`YIBAO_DATABASE_URL`: PostgreSQL or any SQLAlchemy URL),
    or None for the in-process default."""
    import os

    from bot.storage.db import DATABASE_URL_ENV, DatabaseSessionStore, make_engine

    url = os.environ.get(DATABASE_URL_ENV)
    return DatabaseSessionStore(make_engine(url)) if url else None


def search_passages(settings: Settings, query: str, city: str | None = None, k: int = 5,
                    mode: str | None = None) -> list[Passage]:
    """Ranked passages of the index `settings` name; an unsupported city is an InputError."""
    query = clean_input(query, MAX_INPUT_CHARS)
    city = clean_input(city, MAX_FIELD_CHARS) or None
    check_city(city)
    return get_retriever(settings).search(query, city=city, k=k, mode=mode)


def train_ranker(settings: Settings, out: Path | None = None, folds: int = 5, log=None) -> dict:
    """Train the ranking stage on the similar questions of the index `settings` name, write the
    model file (default: the packaged one) and return what training measured."""
    from bot.retrieval.learning import train_ranker as train
    from bot.retrieval.ranker import RANKER_PATH

    retriever = get_retriever(settings)
    ranker = train(retriever, folds=folds, log=log)
    ranker.save(out or RANKER_PATH)
    return ranker.training


def clean_payload(value: Any) -> Any:
    """A JSON value with every string in it (keys too) passed through `clean_input`."""
    if isinstance(value, str):
        return clean_input(value, MAX_INPUT_CHARS)
    if isinstance(value, dict):
        return {clean_input(str(k), MAX_FIELD_CHARS): clean_payload(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_payload(v) for v in value]
    return value


def check_city(city: str | None) -> None:
    """An InputError (a 400 listing the cities) unless `city` is unset or one the service covers."""
    city = clean_input(city, MAX_FIELD_CHARS) or None
    if city is not None and city not in CITIES:
        raise InputError("city", f"不支持的城市“{city}”", accepted=list(CITIES))  # the error lists them


def record_feedback(store: Store, question: str, answer: str, rating: int, comment: str | None = None,
                    session_id: str | None = None) -> int:
    """Keep a resident's rating: every field cleaned and redacted, the session id kept only when it
    could be one the server issued (and redacted all the same: a client may send a phone number)."""
    session = clean_input(session_id, MAX_FIELD_CHARS)
    kept_session = redact(session) if plausible_id(session) else None
    return store.add_feedback(redact(clean_input(question)), redact(clean_input(answer, 20_000)), rating,
                              redact(clean_input(comment, 1000)) or None, kept_session)


def staff_unanswered(store: Store, limit: int = 200, city: str | None = None, reason: str | None = None,
                     since: Any = None, until: Any = None, handled: bool | None = None) -> list[dict[str, Any]]:
    """Unanswered questions for staff, newest first; each question redacted again on the way out
    (rows kept before names were redacted stay safe to show)."""
    rows = store.unanswered(limit=limit, city=city, reason=reason, since=since, until=until, handled=handled)
    return [{**row, "question": redact(str(row.get("question") or ""))} for row in rows]


def staff_feedback(store: Store, limit: int = 200, rating: int | None = None, handled: bool | None = None,
                   since: Any = None, until: Any = None) -> list[dict[str, Any]]:
    """Residents' feedback for staff, newest first, every text redacted again on the way out."""
    rows = store.feedback(limit=limit, rating=rating, handled=handled, since=since, until=until)
    return [{**row, **{key: redact(str(row.get(key) or "")) for key in ("question", "answer", "comment")}}
            for row in rows]


def mark_handled(store: Store, kind: str, row_id: int, staff: str) -> bool:
    """Record that `staff` handled an unanswered question or a feedback row; False when there is none."""
    return store.mark_handled(kind, row_id, staff)


def annotate(store: Store, question: str, target_kind: str, target_id: str, staff: str) -> int:
    """Link a question to the chunk or fact that answers it (kept redacted, with who and when)."""
    return store.add_annotation(clean_input(question, MAX_INPUT_CHARS), target_kind, target_id, staff)


def revoke_annotation(store: Store, annotation_id: int, staff: str) -> bool:
    """Revoke a link (kept, marked revoked by `staff`); False when there is none or it was revoked."""
    return store.revoke_annotation(annotation_id, staff)


def staff_annotations(store: Store, include_revoked: bool = True) -> list[dict[str, Any]]:
    """Every link staff made, newest first (the audit list)."""
    return [{**row, "question": redact(str(row.get("question") or ""))}
            for row in store.annotations(include_revoked=include_revoked)]


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
