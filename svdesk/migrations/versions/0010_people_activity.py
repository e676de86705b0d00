"""people, skills, community, environment and evidence

Tables for issue 4: person (pseudonymous: no name, NI number, birth date or bank columns),
person_contract, the activity tables sharing date/contract/additionality/attribution/notes,
evidence (content-addressed files) with a generic link table, and case studies.

Revision ID: 0010
Revises: 0030
Create Date: 2026-11-23 08:46:15.379968
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
# Was '0001' on the people branch; chained after main's 0030 (assessment) when main was merged.
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "community_partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("partner_type", sa.String(length=20), nullable=False),
        sa.Column("postcode", sa.String(length=8), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_partner")),
        sa.UniqueConstraint("name", name=op.f("uq_community_partner_name")),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("suffix", sa.String(length=16), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("caption", sa.String(length=300), nullable=False),
        sa.Column("evidence_date", sa.Date(), nullable=True),
        sa.Column("evidence_type", sa.String(length=30), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
        sa.UniqueConstraint("sha256", name=op.f("uq_evidence_sha256")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("postcode", sa.String(length=8), nullable=False),
        sa.Column("workplace_postcode", sa.String(length=8), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("leave_date", sa.Date(), nullable=True),
        sa.Column("weekly_hours", sa.Float(), nullable=True),
        sa.Column("hourly_rate_pence", sa.Integer(), nullable=True),
        sa.Column("annual_salary_pence", sa.Integer(), nullable=True),
        sa.Column("contract_type", sa.String(length=20), nullable=False),
        sa.Column("job_status", sa.String(length=20), nullable=False),
        sa.Column("priority_group", sa.String(length=30), nullable=False),
        sa.Column("priority_group_other", sa.String(length=100), nullable=False),
        sa.Column("recruitment_programme", sa.String(length=200), nullable=False),
        sa.Column("consent_given", sa.Boolean(), nullable=False),
        sa.Column("consent_date", sa.Date(), nullable=True),
        sa.Column("erased_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("reference", name=op.f("uq_person_reference")),
    )
    op.create_table(
        "apprenticeship",
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("standard", sa.String(length=200), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("planned_end_date", sa.Date(), nullable=True),
        sa.Column("actual_end_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("weeks_on_contract", sa.Float(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("additional", sa.Boolean(), nullable=True),
        sa.Column("attribution_share", sa.Float(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_apprenticeship_contract_id_contract"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_apprenticeship_person_id_person"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apprenticeship")),
    )
    with op.batch_alter_table("apprenticeship", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_apprenticeship_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_apprenticeship_date"), ["date"], unique=False)

    op.create_table(
        "case_study",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("story", sa.Text(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("photo_evidence_id", sa.Integer(), nullable=True),
        sa.Column("consent_given", sa.Boolean(), nullable=False),
        sa.Column("consent_date", sa.Date(), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_case_study_contract_id_contract"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["photo_evidence_id"],
            ["evidence.id"],
            name=op.f("fk_case_study_photo_evidence_id_evidence"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_study")),
    )
    op.create_table(
        "donation",
        sa.Column("amount_pence", sa.Integer(), nullable=False),
        sa.Column("in_kind", sa.Boolean(), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("additional", sa.Boolean(), nullable=True),
        sa.Column("attribution_share", sa.Float(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_donation_contract_id_contract"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_donation")),
    )
    with op.batch_alter_table("donation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_donation_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_donation_date"), ["date"], unique=False)

    op.create_table(
        "emission_record",
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("factor_key", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("additional", sa.Boolean(), nullable=True),
        sa.Column("attribution_share", sa.Float(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_emission_record_contract_id_contract"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emission_record")),
    )
    with op.batch_alter_table("emission_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_emission_record_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_emission_record_date"), ["date"], unique=False)

    op.create_table(
        "environment_action",
        sa.Column("action", sa.String(length=300), nullable=False),
        sa.Column("measure_value", sa.Float(), nullable=True),
        sa.Column("measure_unit", sa.String(length=40), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("additional", sa.Boolean(), nullable=True),
        sa.Column("attribution_share", sa.Float(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_environment_action_contract_id_contract"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_environment_action")),
    )
    with op.batch_alter_table("environment_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_environment_action_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_environment_action_date"), ["date"], unique=False)

    op.create_table(
        "evidence_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
            name=op.f("fk_evidence_link_evidence_id_evidence"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_link")),
        sa.UniqueConstraint(
            "evidence_id", "record_type", "record_id", name=op.f("uq_evidence_link_evidence_id")
        ),
    )
    with op.batch_alter_table("evidence_link", schema=None) as batch_op:
        batch_op.create_index("ix_evidence_link_record", ["record_type", "record_id"], unique=False)

    op.create_table(
        "learning_intervention",
        sa.Column("intervention_type", sa.String(length=30), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("attendees", sa.Integer(), nullable=False),
        sa.Column("venue", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("additional", sa.Boolean(), nullable=True),
        sa.Column("attribution_share", sa.Float(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_learning_intervention_contract_id_contract"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_intervention")),
    )
    with op.batch_alter_table("learning_intervention", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_learning_intervention_contract_id"), ["contract_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_learning_intervention_date"), ["date"], unique=False)

    op.create_table(
        "person_contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("time_share", sa.Float(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("local_at_erasure", sa.String(length=12), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_person_contract_contract_id_contract"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_person_contract_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_contract")),
        sa.UniqueConstraint("person_id", "contract_id", name=op.f("uq_person_contract_person_id")),
    )
    with op.batch_alter_table("person_contract", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_contract_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_contract_person_id"), ["person_id"], unique=False)

    op.create_table(
        "pro_bono",
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("expertise", sa.String(length=200), nullable=False),
        sa.Column("organisation_helped", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("additional", sa.Boolean(), nullable=True),
        sa.Column("attribution_share", sa.Float(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_pro_bono_contract_id_contract"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pro_bono")),
    )
    with op.batch_alter_table("pro_bono", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pro_bono_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pro_bono_date"), ["date"], unique=False)

    op.create_table(
        "training_course",
        sa.Column("course", sa.String(length=200), nullable=False),
        sa.Column("qualification", sa.String(length=200), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("weeks", sa.Float(), nullable=False),
        sa.Column("learners", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("additional", sa.Boolean(), nullable=True),
        sa.Column("attribution_share", sa.Float(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_training_course_contract_id_contract"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_course")),
    )
    with op.batch_alter_table("training_course", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_course_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_training_course_date"), ["date"], unique=False)

    op.create_table(
        "volunteering",
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("volunteers", sa.Integer(), nullable=False),
        sa.Column("organisation_helped", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("additional", sa.Boolean(), nullable=True),
        sa.Column("attribution_share", sa.Float(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_volunteering_contract_id_contract"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteering")),
    )
    with op.batch_alter_table("volunteering", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_volunteering_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_volunteering_date"), ["date"], unique=False)

    op.create_table(
        "waste_record",
        sa.Column("waste_stream", sa.String(length=100), nullable=False),
        sa.Column("route", sa.String(length=20), nullable=False),
        sa.Column("tonnes", sa.Float(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("additional", sa.Boolean(), nullable=True),
        sa.Column("attribution_share", sa.Float(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_waste_record_contract_id_contract"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waste_record")),
    )
    with op.batch_alter_table("waste_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_waste_record_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_waste_record_date"), ["date"], unique=False)

    op.create_table(
        "work_placement",
        sa.Column("placement_type", sa.String(length=30), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("days", sa.Float(), nullable=True),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("provider", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("additional", sa.Boolean(), nullable=True),
        sa.Column("attribution_share", sa.Float(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_work_placement_contract_id_contract"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_placement")),
    )
    with op.batch_alter_table("work_placement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_placement_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_placement_date"), ["date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("work_placement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_placement_date"))
        batch_op.drop_index(batch_op.f("ix_work_placement_contract_id"))

    op.drop_table("work_placement")
    with op.batch_alter_table("waste_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_waste_record_date"))
        batch_op.drop_index(batch_op.f("ix_waste_record_contract_id"))

    op.drop_table("waste_record")
    with op.batch_alter_table("volunteering", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteering_date"))
        batch_op.drop_index(batch_op.f("ix_volunteering_contract_id"))

    op.drop_table("volunteering")
    with op.batch_alter_table("training_course", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_course_date"))
        batch_op.drop_index(batch_op.f("ix_training_course_contract_id"))

    op.drop_table("training_course")
    with op.batch_alter_table("pro_bono", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pro_bono_date"))
        batch_op.drop_index(batch_op.f("ix_pro_bono_contract_id"))

    op.drop_table("pro_bono")
    with op.batch_alter_table("person_contract", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_contract_person_id"))
        batch_op.drop_index(batch_op.f("ix_person_contract_contract_id"))

    op.drop_table("person_contract")
    with op.batch_alter_table("learning_intervention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_intervention_date"))
        batch_op.drop_index(batch_op.f("ix_learning_intervention_contract_id"))

    op.drop_table("learning_intervention")
    with op.batch_alter_table("evidence_link", schema=None) as batch_op:
        batch_op.drop_index("ix_evidence_link_record")

    op.drop_table("evidence_link")
    with op.batch_alter_table("environment_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_environment_action_date"))
        batch_op.drop_index(batch_op.f("ix_environment_action_contract_id"))

    op.drop_table("environment_action")
    with op.batch_alter_table("emission_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_emission_record_date"))
        batch_op.drop_index(batch_op.f("ix_emission_record_contract_id"))

    op.drop_table("emission_record")
    with op.batch_alter_table("donation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_donation_date"))
        batch_op.drop_index(batch_op.f("ix_donation_contract_id"))

    op.drop_table("donation")
    op.drop_table("case_study")
    with op.batch_alter_table("apprenticeship", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_apprenticeship_date"))
        batch_op.drop_index(batch_op.f("ix_apprenticeship_contract_id"))

    op.drop_table("apprenticeship")
    op.drop_table("person")
    op.drop_table("evidence")
    op.drop_table("community_partner")
