"""`python app.py [--host] [--port]` is `yibao serve`: build the index on first start, then serve."""

import sys

from bot.cli.dispatch import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
