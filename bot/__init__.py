"""The answering service: retrieval, routing, answers, interfaces (CLI, API, web page)."""
