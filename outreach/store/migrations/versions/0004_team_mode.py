"""team mode: partial sort indexes, audit log, change notifications on PostgreSQL

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 00:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = {"name": "sort_name", "org": "org_name", "title": "title", "beats": "beats_text", "email": "primary_email",
       "phone": "primary_phone", "tz": "time_zone"}
SORTABLE = ("sort_name", "org_name", "title", "beats_text", "primary_email", "primary_phone", "time_zone")
LIVE = sa.text("deleted_at IS NULL")
NOTIFIED = ("contacts", "organizations", "send_lists", "send_list_members", "outreach_events", "releases")


def upgrade() -> None:
    for short in OLD:
        op.drop_index(f"ix_contacts_sort_{short}", table_name="contacts")
    for column in SORTABLE:
        op.create_index(f"ix_contacts_live_{column}", "contacts", [column, "id"],
                        sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_entity", "audit_log", ["entity", "entity_id", "at"])
    if op.get_bind().dialect.name == "postgresql":
        # One notification per statement, carrying the table name: other windows refresh their views.
        op.execute(
            "CREATE OR REPLACE FUNCTION outreach_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN PERFORM pg_notify('outreach_changes', TG_TABLE_NAME); RETURN NULL; END $$"
        )
        for table in NOTIFIED:
            op.execute(
                f"CREATE TRIGGER {table}_notify AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION outreach_notify_change()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in NOTIFIED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_notify ON {table}")
        op.execute("DROP FUNCTION IF EXISTS outreach_notify_change()")
    op.drop_index("ix_audit_log_entity", table_name="audit_log")
    op.drop_table("audit_log")
    for column in SORTABLE:
        op.drop_index(f"ix_contacts_live_{column}", table_name="contacts")
    for short, column in OLD.items():
        op.create_index(f"ix_contacts_sort_{short}", "contacts", ["deleted_at", column, "id"])
