"""Retrieval over the built index. `passage` holds the light `Passage` type; `retriever` loads the backends."""
