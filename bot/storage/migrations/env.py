"""Alembic's environment: migrations run on the connection `bot.storage.db.upgrade` passes in.

Run online only (no SQL scripts); without a connection (e.g. the `alembic` command pointed at
this folder) the URL comes from `sqlalchemy.url` in the configuration or YIBAO_DATABASE_URL.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from bot.storage.db import DATABASE_URL_ENV, metadata

config = context.config


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    url = config.get_main_option("sqlalchemy.url") or os.environ[DATABASE_URL_ENV]
    with create_engine(url).begin() as new_connection:
        run(new_connection)
