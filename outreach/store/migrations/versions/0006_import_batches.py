"""import batches: every import can be rolled back as a whole

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 00:55:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAMPED = ("contacts", "contact_emails", "contact_phones")


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("source_file", sa.String(length=500), nullable=False),
        sa.Column("file_format", sa.String(length=20), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("merged", sa.Integer(), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    op.create_table(
        "import_batch_items",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("added", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["import_batches.id"],
                                name=op.f("fk_import_batch_items_batch_id_import_batches"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"],
                                name=op.f("fk_import_batch_items_contact_id_contacts"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("batch_id", "contact_id", name=op.f("pk_import_batch_items")),
    )
    op.create_index("ix_import_batch_items_contact_id", "import_batch_items", ["contact_id"])
    # Plain ADD COLUMN (no table rebuild on SQLite: a rebuild would drop the search-index triggers).
    for table in STAMPED:
        if op.get_bind().dialect.name == "sqlite":  # SQLite adds a column with its reference in place
            op.execute(f"ALTER TABLE {table} ADD COLUMN import_batch_id INTEGER "
                       "REFERENCES import_batches (id) ON DELETE SET NULL")
        else:
            op.add_column(table, sa.Column("import_batch_id", sa.Integer(),
                                           sa.ForeignKey("import_batches.id", ondelete="SET NULL",
                                                         name=f"fk_{table}_import_batch_id_import_batches"),
                                           nullable=True))
        op.create_index(f"ix_{table}_import_batch_id", table, ["import_batch_id"])


def downgrade() -> None:
    for table in STAMPED:
        op.drop_index(f"ix_{table}_import_batch_id", table_name=table)
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE {table} DROP COLUMN import_batch_id")
        else:
            op.drop_column(table, "import_batch_id")
    op.drop_index("ix_import_batch_items_contact_id", table_name="import_batch_items")
    op.drop_table("import_batch_items")
    op.drop_table("import_batches")
