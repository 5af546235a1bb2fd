"""`yibao bench`: ingest, search and ask latency, memory, start-up and throughput, written to BENCHMARKS.md."""
