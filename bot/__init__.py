"""The answering service: retrieval, routing, answers, interfaces (CLI, API, web page)."""


def __getattr__(name: str):  # bot.search / bot.Passage, imported on first use (keeps `yibao calc` light)
    if name in ("search", "Passage"):
        from bot import retrieval

        return getattr(retrieval, name)
    raise AttributeError(f"module 'bot' has no attribute {name!r}")
