"""The HTTP interfaces: the REST API and the gradio page, one process. They reach the core only through `bot.service`."""
