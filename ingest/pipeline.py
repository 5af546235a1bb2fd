"""The ingest pipeline: load → clean → chunk → embed (cached) → index → verify → switch.

`run_ingest(settings)` builds a new versioned index beside the serving one and switches the
pointer only after the new version passed its checks; anything that fails on the way removes
the half-built version and leaves the previous one serving.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from corpus import LEXICON_DIR
from ingest.bm25_index import BM25Index
from ingest.chunk import Chunk
from ingest.embedders import Embedder, get_embedder
from ingest.embedding_cache import EmbeddingCache, embed_with_cache
from ingest.index_extras import build_extras, check_extras
from ingest.index_state import (
    BM25_DIR,
    CHUNKS_FILE,
    INDEXES_DIR,
    IndexCorrupt,
    IndexPointer,
    check_checksums,
    file_checksums,
    read_pointer,
    write_chunks,
    write_pointer,
)
from ingest.settings import IndexSettings
from ingest.similar_questions import digest as questions_digest
from ingest.vector_store import COLLECTION_PREFIX, VectorStore


class IngestError(RuntimeError):
    """The new index could not be built or failed its checks; the previous one still serves."""


@dataclass(frozen=True)
class IngestStats:
    chunks: int
    embedded: int  # passages embedded by the model in this run
    cached: int  # passages whose vector came from the cache
    seconds: float
    collection: str
    skipped: bool = False  # True: the serving index already matched the corpus, nothing was built

    def summary(self) -> str:
        if self.skipped:
            return f"索引已是最新（{self.chunks} 个片段，集合 {self.collection}），用时 {self.seconds:.1f} 秒"
        return (
            f"已建立索引：{self.chunks} 个片段（新嵌入 {self.embedded}，缓存 {self.cached}），"
            f"集合 {self.collection}，用时 {self.seconds:.1f} 秒"
        )


def embedding_text(chunk: Chunk) -> str:
    """What is embedded for a chunk: its title and cleaned text (the same input as `content_hash`)."""
    return f"{chunk.title}\n{chunk.clean_text}" if chunk.title else chunk.clean_text


def lexical_text(chunk: Chunk) -> str:
    """What BM25 indexes for a chunk: the document's title, the chunk's title (a Q&A question, a
    heading) and its cleaned text, so a question naming the document or the heading finds it."""
    return "\n".join(part for part in (chunk.doc_title, chunk.title, chunk.clean_text) if part)


# Bump when what is indexed for a chunk changes (embedding_text, lexical_text, tokenizer), so that an
# ingest with unchanged chunks still rebuilds.
INDEX_FORMAT = "5"  # 5: similar questions and titles indexed beside the text (ingest.index_extras)


def lexicon_digest(lexicon_dir: Path = LEXICON_DIR) -> str:
    """Hash of the lexicon files: the BM25 tokens depend on them, so a change must rebuild the index."""
    digest = hashlib.sha256()
    for path in sorted(lexicon_dir.glob("*.txt")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(chunks: list[Chunk], embedder_name: str, lexicon: str | None = None,
                questions: str | None = None) -> str:
    """Hash of everything the index is built from: chunks, embedder, lexicon and similar questions."""
    lexicon = lexicon_digest() if lexicon is None else lexicon
    questions = questions_digest() if questions is None else questions
    digest = hashlib.sha256(f"{INDEX_FORMAT}\n{embedder_name}\n{lexicon}\n{questions}".encode())
    for chunk in chunks:
        meta = json.dumps(chunk.metadata(), ensure_ascii=False, sort_keys=True)
        digest.update(f"\n{chunk.content_hash}\t{meta}".encode())
    return digest.hexdigest()


def new_version_name(fp: str, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return f"{COLLECTION_PREFIX}{now:%Y%m%d%H%M%S%f}_{fp[:10]}"


@contextmanager
def ingest_lock(data_dir: Path) -> Iterator[None]:
    """One ingest at a time per data dir."""
    with (Path(data_dir) / "ingest.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IngestError(f"another ingest is running on {data_dir}; wait for it to finish") from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _check_unique_ids(chunks: list[Chunk]) -> None:
    seen: set[str] = set()
    for chunk in chunks:
        if chunk.chunk_id in seen:
            raise IngestError(f"two chunks share the id {chunk.chunk_id}: the chunker must number chunks uniquely")
        seen.add(chunk.chunk_id)


def verify(store: VectorStore, version: str, index_dir: Path, chunks: list[Chunk], vectors) -> None:
    """The new version holds every chunk, and known chunks are found by both indexes."""
    count = store.count(version)
    if count != len(chunks):
        raise IngestError(f"verify: collection {version} holds {count} vectors, expected {len(chunks)}")
    bm25 = BM25Index.load(index_dir / BM25_DIR)
    if len(bm25) != len(chunks):
        raise IngestError(f"verify: BM25 index holds {len(bm25)} chunks, expected {len(chunks)}")
    probes = sorted({0, len(chunks) // 2, len(chunks) - 1})
    for i in probes:
        chunk = chunks[i]
        same_content = {c.chunk_id for c in chunks if c.content_hash == chunk.content_hash}
        dense = {hit.chunk_id for hit in store.query(version, vectors[i], k=max(3, len(same_content)))}
        if not dense & same_content:
            raise IngestError(f"verify: dense search for chunk {chunk.chunk_id} by its own vector did not return it")
        lexical = {hit.chunk_id for hit in bm25.search(lexical_text(chunk), k=max(5, len(same_content)))}
        if not lexical & same_content:
            raise IngestError(f"verify: BM25 search for chunk {chunk.chunk_id} by its own text did not return it")


def serving_problem(store: VectorStore, data_dir: Path, pointer: IndexPointer) -> str | None:
    """Why the version `pointer` names cannot serve (files changed since build, collection gone or
    incomplete), or None when it can."""
    try:
        check_checksums(data_dir, pointer)
        count = store.count(pointer.collection)
    except Exception as exc:  # IndexCorrupt, VectorStoreError, a damaged Chroma file …
        return f"{type(exc).__name__}: {exc}"
    if count != pointer.chunks:
        return f"collection {pointer.collection} holds {count} vectors, expected {pointer.chunks}"
    return None


def collect_garbage(store: VectorStore, data_dir: Path, keep: set[str]) -> None:
    """Delete versions (collections, their segment files and index dirs) other than `keep`."""
    for name in store.versions():
        if name not in keep:
            store.delete(name)
    store.remove_orphan_segments()
    indexes = Path(data_dir) / INDEXES_DIR
    if indexes.is_dir():
        for path in indexes.iterdir():
            if path.is_dir() and path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)


def load_corpus_chunks() -> list[Chunk]:
    from ingest.chunking import chunk_corpus

    return chunk_corpus()


def run_ingest(
    settings: IndexSettings,
    progress: bool = True,
    force: bool = False,
    chunks: list[Chunk] | None = None,
    embedder: Embedder | None = None,
    log: Callable[[str], None] | None = None,
) -> IngestStats:
    """Build, verify and switch to a new index of `chunks` (default: the whole corpus)."""
    started = time.perf_counter()
    data_dir = Path(settings.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    say = log or (lambda message: None)
    with ingest_lock(data_dir):
        if chunks is None:
            say("读取并切分文档 …")
            chunks = load_corpus_chunks()
        if not chunks:
            raise IngestError("no chunks to index: the corpus produced nothing")
        _check_unique_ids(chunks)
        embedder = embedder or get_embedder(settings.embedder)
        store = VectorStore.open(data_dir, settings.chroma_url)
        fp = fingerprint(chunks, embedder.name)

        try:
            current = read_pointer(data_dir)
        except IndexCorrupt as exc:
            say(f"索引指针已损坏（{exc}），将重新建立索引")
            current = None
        problem = serving_problem(store, data_dir, current) if current else None
        if problem:
            say(f"当前索引 {current.version} 校验失败（{problem}），将重新建立索引")
        if current and not problem and not force and current.fingerprint == fp:
            return IngestStats(len(chunks), 0, 0, time.perf_counter() - started, current.version, skipped=True)
        # The version kept beside the new one: the serving one when it verifies, else the one it replaced.
        kept = current if current and not problem else (current.previous_pointer() if current else None)

        version = new_version_name(fp)
        index_dir = data_dir / INDEXES_DIR / version
        try:
            vectors, embedded, cached = _embed(chunks, embedder, data_dir, progress)
            index_dir.mkdir(parents=True)
            write_chunks(index_dir / CHUNKS_FILE, chunks)
            ids = [c.chunk_id for c in chunks]
            cities = [c.city for c in chunks]
            BM25Index.build(ids, [lexical_text(c) for c in chunks], cities).save(index_dir / BM25_DIR)
            store.create(version, embedder.name, embedder.dim)
            store.add(version, ids, vectors, [c.metadata() for c in chunks], [c.text for c in chunks])
            verify(store, version, index_dir, chunks, vectors)
            say("嵌入相似问和标题 …")
            build_extras(index_dir, chunks, embedder, data_dir, progress)
            check_extras(index_dir, chunks)
        except BaseException as exc:
            store.delete(version)
            shutil.rmtree(index_dir, ignore_errors=True)
            if isinstance(exc, IngestError) or not isinstance(exc, Exception):
                raise  # our own message already says it; Ctrl-C and exit pass through
            raise IngestError(f"ingest failed, the previous index still serves: {type(exc).__name__}: {exc}") from exc

        checksums = file_checksums(index_dir)
        write_pointer(data_dir, IndexPointer(
            version=version,
            index_dir=str(Path(INDEXES_DIR) / version),
            embedder=embedder.name,
            fingerprint=fp,
            chunks=len(chunks),
            built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            previous=kept.as_previous() if kept else None,
            checksums=checksums,
        ))
        collect_garbage(store, data_dir, keep={version} | ({kept.version} if kept else set()))
        return IngestStats(len(chunks), embedded, cached, time.perf_counter() - started, version)


def _embed(chunks: list[Chunk], embedder: Embedder, data_dir: Path, progress: bool):
    cache = EmbeddingCache.in_data_dir(data_dir)
    try:
        with tqdm(total=len(chunks), desc="嵌入", unit="段", disable=not progress) as bar:
            return embed_with_cache(
                [embedding_text(c) for c in chunks],
                [c.content_hash for c in chunks],
                embedder.embed_passages,
                cache,
                embedder.name,
                on_batch=bar.update,
            )
    finally:
        cache.close()
