"""Baseline: sessions, feedback and unanswered as the earlier stores created them.

Tables that already exist are left as they are: a `yibao.sqlite` written by the raw-sqlite store
(feedback and unanswered, no Alembic version) and a database where the session store ran
`create_all` (sessions) both reach this revision without losing a row.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _existing() -> set[str]:
    return set(sa.inspect(op.get_bind()).get_table_names())


def upgrade() -> None:
    existing = _existing()
    if "sessions" not in existing:
        op.create_table(
            "sessions",
            sa.Column("session_id", sa.String(64), primary_key=True),
            sa.Column("updated", sa.Float, nullable=False),
            sa.Column("turns", sa.Integer, nullable=False),
            sa.Column("data", sa.Text, nullable=False),
        )
    if "feedback" not in existing:
        op.create_table(
            "feedback",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("created", sa.Float, nullable=False),
            sa.Column("session_id", sa.Text),
            sa.Column("question", sa.Text, nullable=False),
            sa.Column("answer", sa.Text, nullable=False),
            sa.Column("rating", sa.Integer, nullable=False),
            sa.Column("comment", sa.Text),
            sa.CheckConstraint("rating IN (-1, 1)", name="feedback_rating"),
        )
    if "unanswered" not in existing:
        op.create_table(
            "unanswered",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("created", sa.Float, nullable=False),
            sa.Column("city", sa.Text),
            sa.Column("question", sa.Text, nullable=False),
            sa.Column("reason", sa.Text, nullable=False),
        )


def downgrade() -> None:
    for table in ("unanswered", "feedback", "sessions"):
        op.drop_table(table)
