"""The vocabularies of monitoring: units, kinds of indicator, statuses, sources, qualifiers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    HOUSEHOLDS = "HOUSEHOLDS", _("households")
    PERSONS = "PERSONS", _("persons")
    GROUPS = "GROUPS", _("groups")
    ENTERPRISES = "ENTERPRISES", _("enterprises")
    PRODUCTS = "PRODUCTS", _("products")
    SHOPS = "SHOPS", _("shops")
    VILLAGES = "VILLAGES", _("villages")
    COMMUNITIES = "COMMUNITIES", _("communities")
    PROVINCES = "PROVINCES", _("provinces")
    PROJECTS = "PROJECTS", _("projects")
    SITES = "SITES", _("sites")
    PLOTS = "PLOTS", _("plots")
    RAI = "RAI", _("rai")
    TONNES = "TONNES", _("tonnes")
    TIMES = "TIMES", _("times")
    BAHT = "BAHT", _("baht")
    PERCENT = "PERCENT", _("percent")
    OTHER = "OTHER", _("other")


# The Thai counting word printed after a number of each unit (the indicator may override it).
UNIT_WORD_TH = {
    Unit.HOUSEHOLDS: "ครัวเรือน",
    Unit.PERSONS: "คน",
    Unit.GROUPS: "กลุ่ม",
    Unit.ENTERPRISES: "ราย",
    Unit.PRODUCTS: "ผลิตภัณฑ์",
    Unit.SHOPS: "ร้านค้า",
    Unit.VILLAGES: "หมู่บ้าน",
    Unit.COMMUNITIES: "ชุมชน",
    Unit.PROVINCES: "จังหวัด",
    Unit.PROJECTS: "โครงการ",
    Unit.SITES: "แห่ง",
    Unit.PLOTS: "แปลง",
    Unit.RAI: "ไร่",
    Unit.TONNES: "ตัน",
    Unit.TIMES: "ครั้ง",
    Unit.BAHT: "บาท",
    Unit.PERCENT: "ร้อยละ",
    Unit.OTHER: "",
}


class IndicatorKind(models.TextChoices):
    COUNT = "COUNT", _("Count")
    SUM = "SUM", _("Sum of amounts")
    RATIO = "RATIO", _("Ratio of two indicators (numerator / denominator × 100)")
    SHARE = "SHARE", _("Share of a total (part / total × 100)")


class Direction(models.TextChoices):
    UP = "UP", _("Higher is better")
    DOWN = "DOWN", _("Lower is better")


class Temporal(models.TextChoices):
    FLOW = "FLOW", _("Flow: months add up to the year")
    STOCK = "STOCK", _("Stock: the latest figure of the year counts")


class ValueStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draft")
    SUBMITTED = "SUBMITTED", _("Submitted")
    APPROVED = "APPROVED", _("Approved")


class ValueSource(models.TextChoices):
    ENTRY = "ENTRY", _("Entered by an officer")
    IMPORT = "IMPORT", _("Imported from a file")
    DHIS2 = "DHIS2", _("Imported from DHIS2")
    COMPUTED = "COMPUTED", _("Computed from Thanrak's records")
    SEED = "SEED", _("Published report")


class Qualifier(models.TextChoices):
    NONE = "", _("exactly")
    MORE_THAN = "MORE_THAN", _("more than")
    EACH = "EACH", _("each (per unit)")


QUALIFIER_TH = {Qualifier.NONE: "", Qualifier.MORE_THAN: "กว่า", Qualifier.EACH: "แห่งละ"}


class TargetBasis(models.TextChoices):
    STATED = "STATED", _("Stated")
    IMPLIED = "IMPLIED", _("Implied by a printed percentage")
    PLANNED = "PLANNED", _("Planned")
