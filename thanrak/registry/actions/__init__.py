"""The only code that writes registry data. Every action is keyword-only, atomic and scoped.

One module per sub-domain: persons, households, organisations (with memberships and officers),
villages, personal data (citizen ID reveals and searches), merging duplicates, and the batch writes
of the importer (batch); common.py holds the refusals and the audit helpers they share."""

from thanrak.registry.actions.batch import (
    PERSON_COLUMNS,
    HouseholdRows,
    PersonBatchWriter,
    households_register_batch,
    organisations_register_batch,
)
from thanrak.registry.actions.common import (
    CannotChangeHousehold,
    CannotChangeMembership,
    CannotMerge,
    CannotRegisterOrganisation,
    CannotRegisterPerson,
    CannotRegisterVillage,
    local_day,
)
from thanrak.registry.actions.households import (
    household_head_change,
    household_member_add,
    household_member_add_new,
    household_member_leave,
    household_register,
    household_register_new,
    household_update,
)
from thanrak.registry.actions.merging import (
    FILLED_FROM_DUPLICATE,
    MERGE_DETAILS,
    MergeFill,
    check_merge,
    person_merge,
)
from thanrak.registry.actions.organisations import (
    ORGANISATION_FIELDS,
    clean_organisation_fields,
    membership_add,
    membership_end,
    organisation_officer_assign,
    organisation_register,
    organisation_update,
    person_account_link,
    programme_participation_add,
)
from thanrak.registry.actions.personal_data import citizen_id_reveal, citizen_id_search_record
from thanrak.registry.actions.persons import (
    PERSON_FIELDS,
    clean_person_fields,
    person_register,
    person_update,
)
from thanrak.registry.actions.villages import village_register

__all__ = [
    "programme_participation_add",
    "CannotRegisterPerson",
    "CannotChangeHousehold",
    "CannotRegisterOrganisation",
    "CannotChangeMembership",
    "CannotRegisterVillage",
    "CannotMerge",
    "local_day",
    "PERSON_FIELDS",
    "clean_person_fields",
    "person_register",
    "person_update",
    "household_register",
    "household_register_new",
    "household_member_add_new",
    "household_update",
    "household_member_add",
    "household_member_leave",
    "household_head_change",
    "ORGANISATION_FIELDS",
    "clean_organisation_fields",
    "organisation_register",
    "organisation_update",
    "membership_add",
    "membership_end",
    "organisation_officer_assign",
    "person_account_link",
    "village_register",
    "citizen_id_reveal",
    "citizen_id_search_record",
    "MERGE_DETAILS",
    "FILLED_FROM_DUPLICATE",
    "MergeFill",
    "check_merge",
    "person_merge",
    "HouseholdRows",
    "PERSON_COLUMNS",
    "PersonBatchWriter",
    "households_register_batch",
    "organisations_register_batch",
]
