"""Answers per second of `bot.answer` over a fixed list of questions (bounded: N calls, one thread).

    YIBAO_DATA_DIR=/tmp/idx-base .venv/bin/python scripts/answer_throughput.py [N] [--no-cache] [--profile]

`--no-cache` bypasses the query-embedding cache (the figure before it); `--profile` prints the
cProfile top 15 by cumulative time.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time

QUESTIONS = [
    "淮安住院起付线是多少", "长春异地就医怎么备案", "连云港大病保险怎么报销", "随州两病门诊用药报销比例",
    "长治居民医保什么时候缴费", "新生儿怎么参保", "门诊慢特病怎么申请", "住院报销比例是多少",
    "医保卡丢了怎么办", "生育医疗费用能报销吗",
]


def main() -> None:
    args = sys.argv[1:]
    n = int(next((a for a in args if a.isdigit()), "200"))
    from bot.retrieval import retriever as r
    from bot.service import default_service

    service = default_service()
    service.answer(QUESTIONS[0])  # load the index and the embedder first
    if "--no-cache" in args:
        r.Retriever.query_vector = lambda self, q: self.embedder.embed_query(q)
    profiler = cProfile.Profile() if "--profile" in args else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    for i in range(n):
        service.answer(QUESTIONS[i % len(QUESTIONS)])
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - started
    print(f"{n} answers in {seconds:.2f} s: {n / seconds:.1f} answers/s")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(15)


if __name__ == "__main__":
    main()
