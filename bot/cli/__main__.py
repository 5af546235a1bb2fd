"""`python -m bot.cli …` is the `yibao` command."""

import sys

from bot.cli.dispatch import main

sys.exit(main())
