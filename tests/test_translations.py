"""Thai first, English complete: every catalogue is fully translated, and pages switch language."""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent / "thanrak"
CATALOGUES = sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def parse_po(text: str) -> list[Entry]:  # noqa: C901
    """The entries of a .po file (obsolete #~ entries left out), strings unescaped."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None

    def start(line_no: int) -> Entry:
        nonlocal current
        if current is None:
            current = Entry(line=line_no)
        return current

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#~"):
            continue
        begins = line.startswith("#") or line.startswith(("msgctxt ", "msgid "))
        if not line or (begins and current is not None and current.msgstr):
            if current is not None:  # an entry ends at a blank line or where the next one begins
                entries.append(current)
            current, target = None, None
            if not line:
                continue
        if line.startswith("#,"):
            start(number).flags.update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            start(number)
            continue
        keyword, _sep, rest = line.partition(" ")
        if keyword.startswith('"'):
            rest, keyword = line, ""
        value = ast.literal_eval(rest) if rest.startswith('"') else ""
        entry = start(number)
        if keyword == "msgctxt":
            entry.msgctxt, target = value, ("msgctxt", None)
        elif keyword == "msgid":
            entry.msgid, target = value, ("msgid", None)
        elif keyword == "msgid_plural":
            entry.msgid_plural, target = value, ("msgid_plural", None)
        elif keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            entry.msgstr[index], target = value, ("msgstr", index)
        elif keyword == "" and target is not None:
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += value  # type: ignore[index]
            else:
                setattr(entry, name, (getattr(entry, name) or "") + value)
    if current is not None:
        entries.append(current)
    return entries


def problems(path: Path) -> list[str]:
    """Untranslated, fuzzy or placeholder-breaking entries of one catalogue, one line each."""
    found = []
    for entry in parse_po(path.read_text(encoding="utf-8")):
        where = f"{path.relative_to(ROOT.parent) if path.is_relative_to(ROOT.parent) else path}:{entry.line}"
        if entry.msgid == "" and entry.msgctxt is None:
            if "fuzzy" in entry.flags:
                found.append(f"{where}: the header is marked fuzzy")
            continue
        if "fuzzy" in entry.flags:
            found.append(f"{where}: fuzzy: {entry.msgid!r}")
        if not entry.msgstr or any(not s for s in entry.msgstr.values()):
            found.append(f"{where}: untranslated: {entry.msgid!r}")
            continue
        wanted = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for text in entry.msgstr.values():
            if set(PLACEHOLDER.findall(text)) != wanted:
                found.append(f"{where}: placeholders differ: {entry.msgid!r}")
    return found


class TestThaiCatalogues:
    def test_exist_for_the_foundation_and_the_project_templates(self):
        expected = {"core", "geo", "accounts", "registry", "analytics", "demo", "locale"}
        found = {p.relative_to(ROOT).parts[0] for p in CATALOGUES if p.parts[-3] == "th"}

        assert expected - found == set()

    def test_exist_for_every_app_with_pages_or_forms(self):
        apps = {
            p.name
            for p in ROOT.iterdir()
            if p.is_dir() and ((p / "templates").is_dir() or (p / "forms.py").is_file())
        }
        with_catalogue = {p.relative_to(ROOT).parts[0] for p in CATALOGUES if p.parts[-3] == "th"}

        assert apps - with_catalogue == set()

    def test_have_every_message_translated_and_nothing_fuzzy(self):
        found = [problem for path in CATALOGUES for problem in problems(path)]

        assert found == [], "\n".join(found)


class TestThePoParser:
    def test_finds_an_empty_msgstr_a_fuzzy_entry_and_a_lost_placeholder(self, tmp_path):
        po = tmp_path / "django.po"
        po.write_text(
            'msgid ""\nmsgstr ""\n"Language: th\\n"\n\n'
            'msgid "Households"\nmsgstr "ครัวเรือน"\n'
            'msgid "People"\nmsgstr ""\n\n'
            '#, fuzzy\nmsgid "Villages"\nmsgstr "หมู่บ้าน"\n\n'
            '#, python-format\nmsgid "House %(no)s"\nmsgstr "บ้าน %(number)s"\n\n'
            'msgid "one"\nmsgid_plural "many"\nmsgstr[0] ""\n\n'
            '#~ msgid "Old"\n#~ msgstr ""\n',
            encoding="utf-8",
        )

        found = problems(po)

        assert [line.split(": ", 1)[1] for line in found] == [
            "untranslated: 'People'",
            "fuzzy: 'Villages'",
            "placeholders differ: 'House %(no)s'",
            "untranslated: 'one'",
        ]


@pytest.mark.django_db
class TestPagesLanguage:
    def test_the_login_page_is_thai_by_default_even_for_an_english_browser(self, client):
        response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

        assert '<html lang="th"' in response.text
        assert "เข้าสู่ระบบ" in response.text

    def test_the_login_page_is_english_after_choosing_english(self, client):
        client.post(reverse("set_language"), {"language": "en", "next": "/login/"})

        response = client.get(reverse("accounts:login"))

        assert '<html lang="en"' in response.text
        assert "Log in" in response.text
        assert "เข้าสู่ระบบ" not in response.text

    def test_a_registry_page_is_thai_then_english_after_switching(self, client, district_officer):
        client.force_login(district_officer)

        thai = client.get(reverse("registry:household-list"))
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        english = client.get(reverse("registry:household-list"))

        assert "ครัวเรือน" in thai.text and "Households" not in thai.text
        assert "Households" in english.text and "ครัวเรือน" not in english.text

    def test_dates_are_in_the_buddhist_era_in_thai_and_christian_era_in_english(
        self, client, district_officer, phayao_household
    ):
        client.force_login(district_officer)
        person = phayao_household.members.get(relation="HEAD").person  # born 17 May 1980
        url = reverse("registry:person-detail", args=[person.pk])

        thai = client.get(url)
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        english = client.get(url)

        assert "17 พฤษภาคม 2523" in thai.text
        assert "17 May 1980" in english.text


def catalogue_owner(path: Path) -> str:
    """The app a catalogue belongs to ("locale" for the project's own templates)."""
    app = path.parts[-5]  # <app>/locale/<language>/LC_MESSAGES/django.po
    return "locale" if app == ROOT.name else app


def collisions(catalogues: list[Path]) -> list[str]:
    """Messages two catalogues of one language translate differently, one line each.

    Django merges every app's catalogue into one, so for such a (msgctxt, msgid) one app's wording
    shows on every app's pages. Where the meaning differs the message needs a context in one app.
    """
    seen: dict[tuple[str, str | None, str], dict[str, str]] = {}
    for path in catalogues:
        language = path.parts[-3]
        for entry in parse_po(path.read_text(encoding="utf-8")):
            if entry.msgid == "" and entry.msgctxt is None:
                continue
            key = (language, entry.msgctxt, entry.msgid)
            seen.setdefault(key, {})[catalogue_owner(path)] = " | ".join(
                entry.msgstr[i] for i in sorted(entry.msgstr)
            )
    found = []
    for (language, msgctxt, msgid), by_app in sorted(
        seen.items(), key=lambda kv: (kv[0][0], kv[0][2], kv[0][1] or "")
    ):
        if len(set(by_app.values())) > 1:
            where = ", ".join(f"{app}: {text!r}" for app, text in sorted(by_app.items()))
            context = f" (context {msgctxt!r})" if msgctxt is not None else ""
            found.append(f"{language}: {msgid!r}{context} is translated differently by {where}")
    return found


class TestOneWordingPerMessage:
    def test_no_two_catalogues_translate_the_same_message_differently(self):
        found = collisions(CATALOGUES)

        assert found == [], "\n".join(found)

    def test_a_collision_names_the_message_and_both_apps(self, tmp_path):
        header = 'msgid ""\nmsgstr ""\n"Language: th\\n"\n\n'
        for app, text in (("finance", "งบการเงิน"), ("commerce", "ใบแจ้งส่วนแบ่ง")):
            po = ROOT / app / "locale/th/LC_MESSAGES/django.po"
            copy = tmp_path / po.relative_to(ROOT.parent)
            copy.parent.mkdir(parents=True)
            copy.write_text(
                f'{header}msgid "Statements"\nmsgstr "{text}"\n\nmsgctxt "x"\nmsgid "Same"\nmsgstr "เหมือน"\n',
                encoding="utf-8",
            )
        found = collisions(sorted((tmp_path / "thanrak").glob("*/locale/*/LC_MESSAGES/django.po")))

        assert found == [
            "th: 'Statements' is translated differently by commerce: 'ใบแจ้งส่วนแบ่ง', finance: 'งบการเงิน'"
        ]


class TestEachAppKeepsItsOwnWord:
    """Where two apps mean different things by one English word, each page shows its own Thai word."""

    @pytest.mark.parametrize(
        ("context", "msgid", "own", "other"),
        [
            ("financial statements", "Statements", "งบการเงิน", "ใบแจ้งส่วนแบ่ง"),
            ("patronage refund", "Refund", "เงินเฉลี่ยคืน", "คืนเงิน"),
            ("fund membership", "Left", "ลาออกแล้ว", "ย้ายออกเมื่อ"),
            ("fund membership", "Joined", "เข้าเป็นสมาชิก", "เข้าอยู่เมื่อ"),
            ("survey round", "Title", "ชื่อ", "คำนำหน้า"),
            ("position", "order", "ลำดับ", "คำสั่งซื้อ"),
            ("set by", "Set", "กำหนดโดย", "ตั้งค่า"),
            ("accounting year", "Year", "ปีบัญชี", "ปี"),
        ],
    )
    def test_the_message_with_a_context_and_without_one_differ_in_thai(self, context, msgid, own, other):
        with translation.override("th"):
            assert translation.pgettext(context, msgid) == own
            assert translation.gettext(msgid) == other

    def test_model_labels_use_their_apps_meaning(self):
        from thanrak.finance.models import Loan, MemberStatus
        from thanrak.registry.models import OrganisationAssignment, Person
        from thanrak.survey.models import Question, QuestionKind

        with translation.override("th"):
            assert str(MemberStatus.LEFT.label) == "ลาออกแล้ว"
            assert str(MemberStatus.ACTIVE.label) == "เป็นสมาชิก"
            assert str(Loan._meta.get_field("method").verbose_name) == "วิธีคิดดอกเบี้ย"
            assert str(Question._meta.get_field("order").verbose_name) == "ลำดับ"
            assert str(QuestionKind.DECIMAL.label) == "ตัวเลข"
            assert str(OrganisationAssignment._meta.get_field("title").verbose_name) == "ตำแหน่ง"
            assert str(Person._meta.get_field("title").verbose_name) == "คำนำหน้า"

    @pytest.mark.django_db
    def test_the_producer_payouts_page_keeps_its_word_for_statements(self, client, district_officer):
        client.force_login(district_officer)

        page = client.get(reverse("commerce:payout-list")).text

        assert "ใบแจ้งส่วนแบ่ง" in page and "งบการเงิน" not in page
