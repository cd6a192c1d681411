"""Forms of community assets: what people type, cleaned to the actions' arguments."""

import datetime as dt
import json
import uuid
from typing import Any

import shapely
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.assets import shapes
from thanrak.assets.models import (
    CommitteeRole,
    Condition,
    EquipmentKind,
    FeeUnit,
    HousingStage,
    HousingWork,
    IncidentKind,
    LegalStatus,
    SiteKind,
    SurveyStatus,
    Tenure,
)
from thanrak.core.forms import AmountField, ThaiDateField

CRS_CHOICES = [
    ("", _("As the file says (or WGS 84 latitude/longitude)")),
    (str(shapes.UTM_47N), _("UTM zone 47N (EPSG:32647), west of 102°E")),
    (str(shapes.UTM_48N), _("UTM zone 48N (EPSG:32648), east of 102°E")),
    (str(shapes.WGS84), _("WGS 84 latitude/longitude (EPSG:4326)")),
]


class KeyedForm(forms.Form):
    """A form sent twice (a double tap, a resend on a slow line) has one effect."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class ForestForm(forms.Form):
    name = forms.CharField(label=_("Name of the community forest"), max_length=200)
    area_code = forms.RegexField(
        label=_("Subdistrict or village code"),
        regex=r"^[0-9]{6}([0-9]{2})?$",
        error_messages={"invalid": _("Write the 6-digit subdistrict or 8-digit village code.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    organisation = forms.TypedChoiceField(
        label=_("Managing organisation"), coerce=int, required=False, empty_value=None
    )
    legal_status = forms.ChoiceField(label=_("Legal status"), choices=LegalStatus.choices)
    registration_no = forms.CharField(label=_("Registration number"), max_length=40, required=False)
    approved_on = ThaiDateField(label=_("Approval date"), required=False, not_future=True)


class BoundaryForm(forms.Form):
    """A boundary from a file, drawn on the map (GeoJSON) or walked with the phone's GPS."""

    file = forms.FileField(
        label=_("Boundary file (GeoJSON, KML/KMZ, zipped Shapefile, GeoPackage)"), required=False
    )
    crs = forms.ChoiceField(label=_("Projection of the file"), choices=CRS_CHOICES, required=False)
    geojson = forms.CharField(widget=forms.HiddenInput(attrs={"data-draw-output": ""}), required=False)
    points = forms.CharField(
        label=_("GPS points walked (one 'latitude, longitude' a line)"),
        widget=forms.Textarea(attrs={"rows": 3, "data-gps-output": ""}),
        required=False,
    )

    def source_field(self) -> str:
        """The input the shape came from (the one geometry() reads): file, geojson (drawn) or points."""
        data = getattr(self, "cleaned_data", {})
        return next((name for name in ("file", "geojson", "points") if data.get(name)), "file")

    def geometry(self) -> shapely.Geometry:
        """The shape sent, WGS 84 (ShapeRefused when it cannot be read)."""
        data = self.cleaned_data
        crs = int(data["crs"]) if data.get("crs") else None
        if data.get("file"):
            upload = data["file"]
            return shapes.read_file(upload.name, upload.read(shapes.MAX_FILE_BYTES + 1), crs=crs)
        if data.get("geojson"):
            try:
                return shapes.read_geojson(json.loads(data["geojson"]), crs=crs)
            except ValueError as exc:
                raise shapes.ShapeRefused(
                    _("The drawing cannot be read."), code="unreadable_file", field="geojson"
                ) from exc
        if data.get("points"):
            return shapes.from_points(_points(data["points"]))
        raise shapes.ShapeRefused(
            _("Upload a file, draw the boundary on the map or record GPS points."),
            code="empty_shape",
            field="file",
        )


def _points(text: str) -> list[tuple[float, float]]:
    points = []
    for line in text.replace(";", "\n").splitlines():
        if not line.strip():
            continue
        try:
            lat, lon = (float(part) for part in line.replace(",", " ").split()[:2])
        except ValueError as exc:
            raise shapes.ShapeRefused(
                _("Write each point as 'latitude, longitude', for example 19.1650, 99.9010."),
                code="points_unreadable",
                field="points",
            ) from exc
        points.append((lat, lon))
    return points


class CommitteeForm(forms.Form):
    person = forms.CharField(label=_("Citizen ID or person number in the registry"), max_length=20)
    role = forms.ChoiceField(label=_("Committee position"), choices=CommitteeRole.choices)
    term_start = ThaiDateField(label=_("Term starts"))
    term_end = ThaiDateField(label=_("Term ends"))


class MemberForm(forms.Form):
    household = forms.IntegerField(label=_("Household number in the registry"), min_value=1)
    joined_on = ThaiDateField(label=_("Joined on"), not_future=True)


class PlanForm(forms.Form):
    year_be = forms.IntegerField(label=_("Year (B.E.)"), min_value=2500, max_value=2700)
    approved_on = ThaiDateField(label=_("Approved on"), required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ActivityForm(forms.Form):
    name = forms.CharField(label=_("Activity"), max_length=200)
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—"), *[(m, m) for m in range(1, 13)]],
    )
    budget = AmountField(label=_("Budget (baht)"), min_satang=0)


class SubsidyForm(forms.Form):
    source = forms.CharField(label=_("Given by"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)
    amount = AmountField(label=_("Amount (baht)"))
    received_on = ThaiDateField(label=_("Received on"), not_future=True)


class MultiplePhotoInput(forms.ClearableFileInput):
    """A file input that takes several photos at once (the phone's gallery or camera)."""

    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos from one input; each is checked (type, size) by the action, naming its file."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("required", False)
        attrs = {"multiple": True, "accept": "image/jpeg,image/png,image/webp"}
        super().__init__(widget=MultiplePhotoInput(attrs=attrs), **kwargs)  # type: ignore[arg-type]

    def clean(self, data: object, initial: object = None) -> list[object]:
        files = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(PhotosField, self).clean(one, initial) for one in files]


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happened"), choices=IncidentKind.choices)
    occurred_on = ThaiDateField(label=_("Date"), not_future=True)
    area_affected_rai = forms.DecimalField(
        label=_("Area affected (rai)"), min_value=0, max_digits=10, decimal_places=2, required=False
    )
    lat = forms.FloatField(label=_("Latitude"), required=False)
    lon = forms.FloatField(label=_("Longitude"), required=False)
    note = forms.CharField(
        label=_("What was found or done"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    photos = PhotosField(label=_("Photos"))


class EquipmentForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Owner"), coerce=int)
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=EquipmentKind.choices)
    condition = forms.ChoiceField(label=_("Condition"), choices=Condition.choices)
    kept_at = forms.CharField(label=_("Where it is kept"), max_length=200, required=False)
    fee = AmountField(label=_("Fee for use (baht)"), min_satang=0)
    fee_unit = forms.ChoiceField(label=_("Charged"), choices=FeeUnit.choices)
    fund = forms.TypedChoiceField(
        label=_("Fund receiving the fees"), coerce=int, required=False, empty_value=None
    )
    photos = PhotosField(label=_("Photos"))


class BookingForm(KeyedForm):
    person = forms.TypedChoiceField(label=_("Booked for"), coerce=int)
    day = ThaiDateField(label=_("Day"))
    start = forms.TimeField(label=_("From (hh:mm)"), widget=forms.TimeInput(attrs={"inputmode": "numeric"}))
    end = forms.TimeField(label=_("Until (hh:mm)"), widget=forms.TimeInput(attrs={"inputmode": "numeric"}))
    end_day = ThaiDateField(label=_("Until day (when longer than a day)"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def period(self) -> tuple[dt.datetime, dt.datetime]:
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        starts = dt.datetime.combine(data["day"], data["start"], tzinfo=tz)
        ends = dt.datetime.combine(data.get("end_day") or data["day"], data["end"], tzinfo=tz)
        return starts, ends


class ScheduleForm(forms.Form):
    every_hours = forms.IntegerField(label=_("Service every (hours of use)"), min_value=1, required=False)
    every_days = forms.IntegerField(label=_("Service every (days of use)"), min_value=1, required=False)
    due_on = ThaiDateField(label=_("Next service by"), required=False)


class MaintenanceForm(forms.Form):
    done_on = ThaiDateField(label=_("Done on"), not_future=True)
    done_by = forms.CharField(label=_("Done by (person or garage)"), max_length=200)
    cost = AmountField(label=_("Cost (baht)"), min_satang=0)
    meter = forms.DecimalField(label=_("Hour meter"), max_digits=10, decimal_places=1, required=False)
    notes = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    next_due_on = ThaiDateField(label=_("Next service by"), required=False)


class MaintenanceSlotForm(forms.Form):
    day = ThaiDateField(label=_("Day"))
    start = forms.TimeField(label=_("From (hh:mm)"), widget=forms.TimeInput(attrs={"inputmode": "numeric"}))
    end = forms.TimeField(label=_("Until (hh:mm)"), widget=forms.TimeInput(attrs={"inputmode": "numeric"}))
    end_day = ThaiDateField(label=_("Until day (when longer than a day)"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def period(self) -> tuple[dt.datetime, dt.datetime]:
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        starts = dt.datetime.combine(data["day"], data["start"], tzinfo=tz)
        ends = dt.datetime.combine(data.get("end_day") or data["day"], data["end"], tzinfo=tz)
        return starts, ends


class CheckOutForm(forms.Form):
    meter = forms.DecimalField(label=_("Hour meter"), max_digits=10, decimal_places=1, required=False)


class CheckInForm(forms.Form):
    meter = forms.DecimalField(label=_("Hour meter"), max_digits=10, decimal_places=1, required=False)
    hours = forms.DecimalField(
        label=_("Hours used (without a meter)"), max_digits=8, decimal_places=1, required=False
    )
    rai_worked = forms.DecimalField(label=_("Rai worked"), max_digits=8, decimal_places=2, required=False)
    fuel_litres = forms.DecimalField(label=_("Fuel (litres)"), max_digits=8, decimal_places=1, required=False)
    damage_note = forms.CharField(label=_("Damage"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    damage_photos = PhotosField(label=_("Photos of the damage"))
    paid = forms.BooleanField(label=_("The fee was paid now"), required=False)


class PlotForm(forms.Form):
    household = forms.IntegerField(label=_("Household number in the registry"), min_value=1)
    programme = forms.CharField(label=_("Programme"), max_length=200, initial="คทช.")
    tenure = forms.ChoiceField(label=_("Tenure"), choices=Tenure.choices)
    allocated_on = ThaiDateField(label=_("Allocated on"), not_future=True)
    ends_on = ThaiDateField(label=_("Right ends on"), required=False)
    conditions = forms.CharField(
        label=_("Conditions"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class SurveyForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Land survey"), choices=[c for c in SurveyStatus.choices if c[0] != "NOT_SURVEYED"]
    )
    surveyed_on = ThaiDateField(label=_("Surveyed on"), not_future=True)


class HousingForm(forms.Form):
    household = forms.IntegerField(label=_("Household number in the registry"), min_value=1)
    programme = forms.CharField(label=_("Programme"), max_length=200)
    work = forms.ChoiceField(label=_("Work"), choices=HousingWork.choices)
    cost = AmountField(label=_("Cost (baht)"), min_satang=0)
    started_on = ThaiDateField(label=_("Started on"), required=False)


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=HousingStage.choices)
    on = ThaiDateField(label=_("On"), not_future=True)
    photos = PhotosField(label=_("Photos of the work"))


class PhotoForm(forms.Form):
    photos = PhotosField(label=_("Photos"), required=True)


class SiteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of site"), choices=SiteKind.choices)
    name = forms.CharField(label=_("Name of the site"), max_length=200)
    area_code = forms.RegexField(
        label=_("Subdistrict or village code"),
        regex=r"^[0-9]{6}([0-9]{2})?$",
        error_messages={"invalid": _("Write the 6-digit subdistrict or 8-digit village code.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    organisation = forms.TypedChoiceField(
        label=_("Community organisation (community site)"), coerce=int, required=False, empty_value=None
    )
    household = forms.IntegerField(
        label=_("Household number in the registry (household site)"), min_value=1, required=False
    )
    programme = forms.CharField(label=_("Programme"), max_length=200, required=False)
    started_on = ThaiDateField(label=_("Started on"))
    finished_on = ThaiDateField(label=_("Finished on"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))
