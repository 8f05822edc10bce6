"""duplicates: pairs marked as different people, and merges that can be undone

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 00:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "not_duplicates",
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("second_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["first_id"], ["contacts.id"], name=op.f("fk_not_duplicates_first_id_contacts"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["second_id"], ["contacts.id"], name=op.f("fk_not_duplicates_second_id_contacts"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("first_id", "second_id", name=op.f("pk_not_duplicates")),
    )
    op.create_table(
        "merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kept_id", sa.Integer(), nullable=False),
        sa.Column("merged_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undo", sa.JSON(), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["kept_id"], ["contacts.id"], name=op.f("fk_merges_kept_id_contacts"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["merged_id"], ["contacts.id"], name=op.f("fk_merges_merged_id_contacts"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merges")),
    )
    op.create_index("ix_merges_kept_id", "merges", ["kept_id"])
    op.create_index("ix_merges_merged_id", "merges", ["merged_id"])


def downgrade() -> None:
    op.drop_index("ix_merges_merged_id", table_name="merges")
    op.drop_index("ix_merges_kept_id", table_name="merges")
    op.drop_table("merges")
    op.drop_table("not_duplicates")
