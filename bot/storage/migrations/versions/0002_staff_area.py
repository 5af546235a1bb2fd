"""What the staff area needs: who handled a feedback or unanswered row and when; annotations;
indexes on `created` for the listings' date filters.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("feedback", "unanswered"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("handled_at", sa.Float))
            batch.add_column(sa.Column("handled_by", sa.Text))
        op.create_index(f"ix_{table}_created", table, ["created"])
    op.create_table(
        "annotations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created", sa.Float, nullable=False),
        sa.Column("staff", sa.Text, nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("question_norm", sa.Text, nullable=False),
        sa.Column("target_kind", sa.String(16), nullable=False),
        sa.Column("target_id", sa.Text, nullable=False),
        sa.Column("revoked_at", sa.Float),
        sa.Column("revoked_by", sa.Text),
        sa.CheckConstraint("target_kind IN ('chunk', 'fact')", name="annotations_target_kind"),
    )
    op.create_index("ix_annotations_question_norm", "annotations", ["question_norm"])


def downgrade() -> None:
    op.drop_index("ix_annotations_question_norm", "annotations")
    op.drop_table("annotations")
    for table in ("unanswered", "feedback"):
        op.drop_index(f"ix_{table}_created", table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("handled_by")
            batch.drop_column("handled_at")
