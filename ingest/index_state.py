"""Where the built index lives in the data dir and which version serves.

```
<data_dir>/current.json                 the pointer: version, Chroma collection, index dir (+ the previous ones)
<data_dir>/indexes/<version>/chunks.jsonl  every chunk (text verbatim, metadata)
<data_dir>/indexes/<version>/bm25/          BM25 over document title + chunk title + text
<data_dir>/chroma/                          the embedded Chroma store (unless YIBAO_CHROMA_URL)
<data_dir>/embedding_cache.sqlite3          embeddings by content hash
```

A new version is built beside the serving one and the pointer is replaced atomically
(temp file + os.replace) only after the new version is verified, so a failed or interrupted
ingest leaves the previous version serving.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from ingest.chunk import Chunk

POINTER_FILE = "current.json"
INDEXES_DIR = "indexes"
CHUNKS_FILE = "chunks.jsonl"
BM25_DIR = "bm25"


class IndexNotBuilt(RuntimeError):
    """No verified index in the data dir: run `yibao ingest` first."""


class IndexCorrupt(RuntimeError):
    """A version's files or collection do not match what was recorded when it was built."""


@dataclass(frozen=True)
class IndexPointer:
    version: str  # also the Chroma collection name
    index_dir: str  # relative to the data dir
    embedder: str
    fingerprint: str  # hash of the chunks' content and the embedder: equal = nothing to rebuild
    chunks: int
    built_at: str
    previous: dict | None = None  # the pointer (without its own `previous`) of the version this one replaced
    checksums: dict | None = None  # sha256 of every file of the index dir, recorded at build

    @property
    def collection(self) -> str:
        return self.version

    def previous_pointer(self) -> IndexPointer | None:
        """The version this one replaced, when the pointer records enough of it to serve it again."""
        if not self.previous:
            return None
        known = {f.name for f in fields(IndexPointer)}
        raw = {k: v for k, v in self.previous.items() if k in known and k != "previous"}
        try:
            return IndexPointer(**raw)
        except TypeError:  # an old pointer that kept only {"version", "index_dir"}
            return None

    def as_previous(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "previous"}


def pointer_path(data_dir: Path) -> Path:
    return Path(data_dir) / POINTER_FILE


def read_pointer(data_dir: Path) -> IndexPointer | None:
    path = pointer_path(data_dir)
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        raw.pop("collection", None)
        return IndexPointer(**raw)
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise IndexCorrupt(f"{path} is damaged ({type(exc).__name__}: {exc})") from exc


def require_pointer(data_dir: Path) -> IndexPointer:
    pointer = read_pointer(data_dir)
    if pointer is None:
        raise IndexNotBuilt(f"no index in {Path(data_dir).resolve()} (no {POINTER_FILE}): run `yibao ingest` first")
    return pointer


def write_pointer(data_dir: Path, pointer: IndexPointer) -> None:
    """Replace the pointer atomically: readers see the old file or the new one, never a mix."""
    data_dir = Path(data_dir)
    payload = asdict(pointer) | {"collection": pointer.collection}
    fd, tmp = tempfile.mkstemp(prefix=".current-", suffix=".json", dir=data_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, pointer_path(data_dir))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def chunk_record(chunk: Chunk) -> dict:
    return chunk.metadata() | {"clean_text": chunk.clean_text, "extra": dict(chunk.extra)}


def write_chunks(path: Path, chunks: list[Chunk]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for chunk in chunks:
            handle.write(json.dumps(chunk_record(chunk), ensure_ascii=False) + "\n")


def read_chunk_records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def file_checksums(index_dir: Path) -> dict[str, str]:
    """sha256 of every file under `index_dir`, by path relative to it (chunks.jsonl, bm25/…)."""
    index_dir = Path(index_dir)
    sums: dict[str, str] = {}
    for path in sorted(p for p in index_dir.rglob("*") if p.is_file()):
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        sums[path.relative_to(index_dir).as_posix()] = digest.hexdigest()
    return sums


def check_checksums(data_dir: Path, pointer: IndexPointer) -> None:
    """IndexCorrupt unless the version's files are exactly those recorded at build (a pointer of
    an older build without checksums is not checked)."""
    if pointer.checksums is None:
        return
    found = file_checksums(Path(data_dir) / pointer.index_dir)
    for name, expected in pointer.checksums.items():
        actual = found.get(name)
        if actual is None:
            raise IndexCorrupt(f"index {pointer.version}: {name} is missing")
        if actual != expected:
            raise IndexCorrupt(f"index {pointer.version}: {name} does not match its checksum recorded at build")
