"""Ingest: source documents -> cleaned text -> structure-aware chunks -> embeddings -> indexes."""
