"""Thai administrative areas by DOPA code. Provinces, districts and subdistricts come from geothai."""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class NamedArea(models.Model):
    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name_th = models.CharField(_("Thai name"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def name(self) -> str:
        """The name in the reader's language, Thai when there is no English one."""
        lang = get_language() or "th"
        return self.name_en if lang.startswith("en") and self.name_en else self.name_th


class Province(NamedArea):
    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{2}$"), name="province_code_2_digits")
        ]


class District(NamedArea):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name=_("province")
    )

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{4}$"), name="district_code_4_digits")
        ]


class Subdistrict(NamedArea):
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="subdistricts", verbose_name=_("district")
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="subdistricts", verbose_name=_("province")
    )
    # Space-separated: a subdistrict can span more than one post office zone.
    postal_codes = models.CharField(_("postal codes"), max_length=60, blank=True, db_index=True)

    class Meta:
        verbose_name = _("subdistrict")
        verbose_name_plural = _("subdistricts")
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{6}$"), name="subdistrict_code_6_digits")
        ]

    @property
    def postal_code_list(self) -> list[str]:
        return self.postal_codes.split()


class Village(NamedArea):
    """หมู่บ้าน: code = subdistrict code + two-digit village number (หมู่ที่)."""

    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.PROTECT, related_name="villages", verbose_name=_("subdistrict")
    )
    number = models.PositiveSmallIntegerField(_("village number (หมู่ที่)"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{8}$"), name="village_code_8_digits"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=99), name="village_number_1_99"),
            models.UniqueConstraint(fields=["subdistrict", "number"], name="village_unique_number"),
        ]

    def __str__(self) -> str:
        prefix = "หมู่ที่" if (get_language() or "th").startswith("th") else "Moo"
        return f"{prefix} {self.number} {self.name}"


AREA_MODELS: dict[int, type[NamedArea]] = {2: Province, 4: District, 6: Subdistrict, 8: Village}
