"""A bid's tender questions and the saved versions of each answer (bid_question,
bid_answer_version), and the tender drafts that earlier versions kept as JSON files beside the
database (<name>-tenders/<ref>.json) brought in as each bid's first question.

The JSON files are left where they are (nothing reads them any more); their words now live in
the database, so backups, archives and the audit trail hold them.

Revision ID: 0098
Revises: 0097
"""

import json
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0098"
down_revision = "0097"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bid_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("weighting", sa.Float(), nullable=True),
        sa.Column("limit", sa.Integer(), nullable=True),
        sa.Column("limit_unit", sa.String(length=20), nullable=False),
        sa.Column("answer_type", sa.String(length=30), nullable=False),
        sa.Column("targets", sa.Text(), nullable=False),
        sa.Column("champion", sa.String(length=200), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("offer", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            ondelete="CASCADE",
            name=op.f("fk_bid_question_contract_id_contract"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bid_question")),
        sa.UniqueConstraint("contract_id", "number", name="uq_bid_question_contract_number"),
    )
    op.create_index("ix_bid_question_contract_id", "bid_question", ["contract_id"])
    op.create_table(
        "bid_answer_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["bid_question.id"],
            ondelete="CASCADE",
            name=op.f("fk_bid_answer_version_question_id_bid_question"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bid_answer_version")),
    )
    op.create_index("ix_bid_answer_version_question_id", "bid_answer_version", ["question_id"])
    _import_json_drafts()


def downgrade() -> None:
    op.drop_index("ix_bid_answer_version_question_id", table_name="bid_answer_version")
    op.drop_table("bid_answer_version")
    op.drop_index("ix_bid_question_contract_id", table_name="bid_question")
    op.drop_table("bid_question")


def _database_file() -> Path | None:
    if op.get_bind().dialect.name != "sqlite":
        return None  # drafts were JSON files beside a database file: a server database has none
    for row in op.get_bind().execute(sa.text("PRAGMA database_list")):
        if row[1] == "main" and row[2]:
            return Path(row[2])
    return None


def _import_json_drafts() -> None:
    db = _database_file()
    if db is None:
        return
    folder = db.with_name(db.stem + "-tenders")
    if not folder.is_dir():
        return
    bind = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    for path in sorted(folder.glob("*.json")):
        try:
            spec = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not a draft svdesk wrote: left alone
        if not isinstance(spec, dict):
            continue
        contract_id = bind.execute(
            sa.text("SELECT id FROM contract WHERE reference = :r"), {"r": spec.get("contract_ref", "")}
        ).scalar()
        if contract_id is None:
            continue
        number = (
            bind.execute(
                sa.text("SELECT MAX(number) FROM bid_question WHERE contract_id = :c"), {"c": contract_id}
            ).scalar()
            or 0
        ) + 1
        answer = spec.get("draft") or ""
        unit = spec.get("limit_unit") if spec.get("limit_unit") in ("words", "characters") else "words"
        limit = spec.get("limit") if isinstance(spec.get("limit"), int) else None
        bind.execute(
            sa.text(
                'INSERT INTO bid_question (contract_id, number, text, weighting, "limit", '
                "limit_unit, answer_type, targets, champion, answer, offer, created_at, updated_at) "
                "VALUES (:c, :n, :t, NULL, :l, :u, 'auto', :o, :ch, :a, :off, :now, :now)"
            ),
            {
                "c": contract_id,
                "n": number,
                "t": spec.get("question") or "",
                "l": limit,
                "u": unit,
                "o": spec.get("outcomes") or "",
                "ch": spec.get("champion") or "",
                "a": answer,
                "off": json.dumps(spec.get("commitments") or [], ensure_ascii=False),
                "now": now,
            },
        )
        if answer:
            qid = bind.execute(
                sa.text("SELECT id FROM bid_question WHERE contract_id = :c AND number = :n"),
                {"c": contract_id, "n": number},
            ).scalar()
            bind.execute(
                sa.text(
                    "INSERT INTO bid_answer_version (question_id, saved_at, text, "
                    "note) VALUES (:q, :now, :a, :note)"
                ),
                {"q": qid, "now": now, "a": answer, "note": f"brought in from {path.name}"},
            )
