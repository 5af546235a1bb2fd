"""The `yibao` command line: `main` dispatches to one module per sub-command (see `bot.cli.dispatch`)."""

from bot.cli.dispatch import main

__all__ = ["main"]
