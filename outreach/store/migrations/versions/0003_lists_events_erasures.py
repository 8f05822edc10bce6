"""erasure log; indexes for send-lists, outreach history and follow-ups

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 00:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "erasures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasures")),
    )
    op.create_index("ix_erasures_erased_at", "erasures", ["erased_at"])
    op.create_index("ix_erasures_key_hash", "erasures", ["key_hash"])
    # Status board and follow-ups: the events of one release, per person, in time order.
    op.create_index("ix_outreach_events_release_contact_time", "outreach_events",
                    ["release_id", "contact_id", "occurred_at"])
    # Charts (outreach per week) and follow-ups without a release: events of one kind in time order.
    op.create_index("ix_outreach_events_kind_time", "outreach_events", ["kind", "occurred_at"])
    # Deleting a list, and the events logged for it.
    op.create_index("ix_outreach_events_send_list_id", "outreach_events", ["send_list_id"])


def downgrade() -> None:
    op.drop_index("ix_outreach_events_send_list_id", table_name="outreach_events")
    op.drop_index("ix_outreach_events_kind_time", table_name="outreach_events")
    op.drop_index("ix_outreach_events_release_contact_time", table_name="outreach_events")
    op.drop_index("ix_erasures_key_hash", table_name="erasures")
    op.drop_index("ix_erasures_erased_at", table_name="erasures")
    op.drop_table("erasures")
