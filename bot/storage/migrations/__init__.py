"""Alembic migrations of the shared database (applied by `bot.storage.db.upgrade`, no alembic.ini).

A new revision goes in `versions/` as `NNNN_<what>.py`, its `down_revision` the previous one; the
tables in `bot.storage.db` describe the schema at the latest revision (a test compares them).
"""
