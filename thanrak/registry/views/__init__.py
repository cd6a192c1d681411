"""Registry pages: households, persons, organisations, villages, likely duplicates, the home panel,
importing and exporting; one module per sub-domain (common.py holds what they share).

Each view parses input, makes its call into `queries` or `actions`, and turns a refusal into a
message on the form. Rows outside the viewer's scope are not found (404, `@require` turns the
query's DoesNotExist into it); a role that may not use a resource at all is refused (403)."""

from thanrak.registry.views.data import export, import_confirm, import_detail, import_page, import_template
from thanrak.registry.views.duplicates import duplicate_list, person_merge
from thanrak.registry.views.home import home_summary
from thanrak.registry.views.households import (
    household_create,
    household_detail,
    household_edit,
    household_head_change,
    household_list,
    household_member_add,
    household_member_leave,
)
from thanrak.registry.views.organisations import (
    membership_add,
    membership_end,
    organisation_create,
    organisation_detail,
    organisation_edit,
    organisation_list,
)
from thanrak.registry.views.persons import (
    person_citizen_id_reveal,
    person_create,
    person_detail,
    person_edit,
    person_list,
)
from thanrak.registry.views.villages import village_create, village_list

__all__ = [
    "household_list",
    "household_detail",
    "household_create",
    "household_edit",
    "household_member_add",
    "household_member_leave",
    "household_head_change",
    "person_list",
    "person_detail",
    "person_create",
    "person_edit",
    "person_citizen_id_reveal",
    "organisation_list",
    "organisation_detail",
    "organisation_create",
    "organisation_edit",
    "membership_add",
    "membership_end",
    "village_list",
    "village_create",
    "duplicate_list",
    "person_merge",
    "home_summary",
    "import_page",
    "import_detail",
    "import_confirm",
    "import_template",
    "export",
]
