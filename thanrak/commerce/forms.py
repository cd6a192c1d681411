"""Forms of the commerce pages. Money is typed in baht and cleaned to satang here."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thanrak.commerce.models import Carrier, CertificationKind, Channel, Location, OtopCategory, PaymentMethod
from thanrak.core.forms import AmountField, ThaiDateField
from thanrak.geo.widgets import AreaField


class BahtField(AmountField):
    """An amount typed in baht ('1,250.50'), cleaned to integer satang (zero allowed by default)."""

    def __init__(self, *, min_satang: int = 0, **kwargs: Any):
        super().__init__(min_satang=min_satang, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return super().prepare_value(value).replace(",", "") if isinstance(value, int) else value


# --- storefront ----------------------------------------------------------------------------------


class StorefrontFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. ผ้าไหม, น้ำผึ้ง, coffee")}),
    )
    province = forms.ChoiceField(label=_("Province"), required=False)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *OtopCategory.choices]
    )
    stars = forms.TypedChoiceField(
        label=_("OTOP stars"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any")), *[(n, f"{n}★ +") for n in range(5, 0, -1)]],
    )
    gi = forms.BooleanField(label=_("GI products only"), required=False)
    min_price = BahtField(label=_("Price from"), required=False)
    max_price = BahtField(label=_("to"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[("new", _("Newest")), ("price", _("Cheapest")), ("-price", _("Most expensive"))],
    )

    def __init__(self, *args: Any, provinces: list[Any] = (), **kwargs: Any):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("All provinces")), *provinces]


class AddToCartForm(forms.Form):
    variant = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=999, initial=1)


class CheckoutForm(forms.Form):
    buyer_name = forms.CharField(
        label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    buyer_phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    carrier = forms.ChoiceField(
        label=_("Delivery"), choices=Carrier.choices, initial=Carrier.THAILAND_POST_EMS
    )
    address_line = forms.CharField(label=_("House number, village, road"), max_length=300, required=False)
    area_code = AreaField(
        label=_("Province, district, subdistrict"), depth=3, required=False, postal_target="id_postal_code"
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=5,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    payment_method = forms.ChoiceField(
        label=_("Payment"),
        widget=forms.RadioSelect,
        choices=[
            (PaymentMethod.PROMPTPAY, PaymentMethod.PROMPTPAY.label),
            (PaymentMethod.COD, PaymentMethod.COD.label),
        ],
        initial=PaymentMethod.PROMPTPAY,
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Order number"), max_length=20)
    phone = forms.CharField(
        label=_("Phone used for the order"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )


class SlipForm(forms.Form):
    slip = forms.FileField(label=_("Picture of the transfer slip"))


# --- back office ---------------------------------------------------------------------------------


class ShopForm(forms.Form):
    name = forms.CharField(label=_("Shop name"), max_length=200)
    story_th = forms.CharField(
        label=_("Story (Thai)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    story_en = forms.CharField(
        label=_("Story (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    latitude = forms.DecimalField(label=_("Latitude"), required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label=_("Longitude"), required=False, max_digits=9, decimal_places=6)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    line_id = forms.CharField(label=_("LINE ID"), max_length=50, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    promptpay_account = forms.CharField(
        label=_("PromptPay account (mobile, 13-digit ID or e-wallet)"), max_length=20, required=False
    )
    is_open = forms.BooleanField(label=_("Open for orders"), required=False, initial=True)


class ShopOpenForm(ShopForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.order_fields(["organisation"])


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo (JPEG or PNG)"))


class ProductForm(forms.Form):
    name_th = forms.CharField(label=_("Thai name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("OTOP category"), choices=OtopCategory.choices)
    description_th = forms.CharField(
        label=_("Description (Thai)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    producer = forms.ModelChoiceField(label=_("Member producer"), queryset=None, required=False)  # type: ignore[arg-type]
    producer_share = forms.DecimalField(
        label=_("Producer's share (%)"), required=False, min_value=0, max_value=100, decimal_places=2
    )
    is_active = forms.BooleanField(label=_("On sale"), required=False, initial=True)

    def __init__(self, *args: Any, members: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = members

    def product_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        share = data.pop("producer_share") or 0
        data["producer_share_bp"] = int(share * 100)
        for key in (
            "opening_stock",
            "variant_name",
            "size",
            "colour",
            "pack",
            "sku",
            "ean13",
            "price",
            "weight_g",
            "length_mm",
            "width_mm",
            "height_mm",
        ):
            data.pop(key, None)
        return data


class VariantForm(forms.Form):
    size = forms.CharField(label=_("Size"), max_length=30, required=False, help_text=_("e.g. M, 250 g, 2 m"))
    colour = forms.CharField(label=_("Colour"), max_length=30, required=False, help_text=_("e.g. indigo"))
    pack = forms.CharField(
        label=_("Pack"), max_length=30, required=False, help_text=_("e.g. 6 pieces, gift box")
    )
    variant_name = forms.CharField(
        label=_("Variant name"),
        max_length=100,
        required=False,
        help_text=_("Made from size, colour and pack when any is given; otherwise written here."),
    )
    sku = forms.CharField(label=_("SKU"), max_length=64)
    ean13 = forms.CharField(
        label=_("EAN-13 barcode"),
        max_length=13,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    price = BahtField(label=_("Price (baht)"), min_satang=1)
    weight_g = forms.IntegerField(label=_("Weight (g)"), min_value=0, initial=0)
    length_mm = forms.IntegerField(label=_("Length (mm)"), min_value=0, initial=0)
    width_mm = forms.IntegerField(label=_("Width (mm)"), min_value=0, initial=0)
    height_mm = forms.IntegerField(label=_("Height (mm)"), min_value=0, initial=0)

    def variant_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "name": d["variant_name"],
            "size": d["size"],
            "colour": d["colour"],
            "pack": d["pack"],
            "sku": d["sku"],
            "ean13": d.get("ean13") or "",
            "price_satang": d["price"],
            "weight_g": d["weight_g"],
            "length_mm": d["length_mm"],
            "width_mm": d["width_mm"],
            "height_mm": d["height_mm"],
        }


class ProductCreateForm(ProductForm, VariantForm):
    # What a person knows first comes first: the product's name and description, then its first
    # variant's size, SKU and price, then how many are on hand.
    field_order = list(ProductForm.base_fields)
    opening_stock = forms.IntegerField(
        label=_("Opening stock (pieces)"),
        min_value=0,
        max_value=1_000_000,
        initial=0,
        required=False,
        help_text=_("How many are on hand now; recorded as the first stock received."),
    )


class CertificationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CertificationKind.choices)
    number = forms.CharField(label=_("Number"), max_length=60, required=False)
    issuer = forms.CharField(label=_("Issuer"), max_length=200, required=False)
    standard_ref = forms.CharField(label=_("Standard (e.g. มผช. 1555/2563)"), max_length=60, required=False)
    stars = forms.TypedChoiceField(
        label=_("OTOP stars"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *[(n, "★" * n) for n in range(1, 6)]],
    )
    year_rated = forms.IntegerField(
        label=_("Year rated (B.E.)"), required=False, min_value=2546, max_value=2700
    )
    gi_name = forms.CharField(label=_("Registered GI name"), max_length=200, required=False)
    issued_date = ThaiDateField(label=_("Issued on"), required=False)
    valid_from = ThaiDateField(label=_("Valid from"), required=False)
    valid_until = ThaiDateField(label=_("Valid until"), required=False)
    document = forms.FileField(label=_("Document"), required=False)

    def certification_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if data.get("year_rated"):
            data["year_rated"] -= 543  # typed in B.E., stored in C.E.
        return data


class StockForm(forms.Form):
    MODE_CHOICES = [("receive", _("Receive")), ("adjust", _("Adjust (+/−)"))]
    mode = forms.ChoiceField(label=_("Movement"), choices=MODE_CHOICES)
    variant = forms.ModelChoiceField(label=_("Item"), queryset=None)  # type: ignore[arg-type]
    location = forms.ModelChoiceField(label=_("Location"), queryset=None)  # type: ignore[arg-type]
    quantity = forms.IntegerField(label=_("Quantity"), min_value=-1_000_000, max_value=1_000_000)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args: Any, variants: Any, locations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["variant"].queryset = variants
        self.fields["location"].queryset = locations


class LocationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Location.Kind.choices)


class ShipForm(forms.Form):
    carrier = forms.ChoiceField(label=_("Carrier"), choices=Carrier.choices)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=40, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class ShippingBandForm(forms.Form):
    carrier = forms.ChoiceField(
        label=_("Carrier"), choices=[c for c in Carrier.choices if c[0] != Carrier.PICKUP]
    )
    max_weight_g = forms.IntegerField(label=_("Up to (g)"), min_value=1, max_value=100_000)
    fee = BahtField(label=_("Fee (baht)"))


class PosOpenForm(forms.Form):
    location = forms.ModelChoiceField(label=_("Counter"), queryset=None)  # type: ignore[arg-type]
    opening_float = BahtField(label=_("Cash in the drawer (baht)"))

    def __init__(self, *args: Any, locations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations


class PosCloseForm(forms.Form):
    counted_cash = BahtField(label=_("Cash counted in the drawer (baht)"))


class MarketplaceExportForm(forms.Form):
    marketplace = forms.ChoiceField(
        label=_("Marketplace"), choices=[(Channel.SHOPEE, "Shopee"), (Channel.LAZADA, "Lazada")]
    )
    products = forms.ModelMultipleChoiceField(
        label=_("Products"), queryset=None, widget=forms.CheckboxSelectMultiple
    )  # type: ignore[arg-type]

    def __init__(self, *args: Any, products: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = products
        for value, label in OtopCategory.choices:
            self.fields[f"category_{value}"] = forms.CharField(
                label=_("Category ID for %(category)s") % {"category": label}, max_length=20, required=False
            )

    def category_ids(self) -> dict[str, str]:
        return {v: self.cleaned_data.get(f"category_{v}") or "" for v in OtopCategory.values}


class MarketplaceImportForm(forms.Form):
    marketplace = forms.ChoiceField(
        label=_("Marketplace"), choices=[(Channel.SHOPEE, "Shopee"), (Channel.LAZADA, "Lazada")]
    )
    file = forms.FileField(label=_("Order export (CSV or XLSX)"))


class SalesFilterForm(forms.Form):
    by = forms.ChoiceField(
        label=_("Group by"),
        required=False,
        choices=[
            ("month", _("Month")),
            ("channel", _("Channel")),
            ("product", _("Product")),
            ("shop", _("Shop")),
            ("district", _("District")),
            ("province", _("Province")),
        ],
    )
    date_from = ThaiDateField(label=_("From"), required=False)
    date_to = ThaiDateField(label=_("Until"), required=False)
    shop = forms.ModelChoiceField(label=_("Shop"), required=False, queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, shops: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["shop"].queryset = shops


class PayoutForm(forms.Form):
    producer = forms.ModelChoiceField(label=_("Member producer"), queryset=None)  # type: ignore[arg-type]
    period_start = ThaiDateField(label=_("From"))
    period_end = ThaiDateField(label=_("Until"))

    def __init__(self, *args: Any, producers: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = producers
