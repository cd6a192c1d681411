"""Benchmark: a venue's 2,000 QR check-ins synced at once, and the certificate PDF of a batch of 200.

    .venv/bin/python bench/learning_checkin_certificates.py            # load once, then measure
    .venv/bin/python bench/learning_checkin_certificates.py --reset    # drop the bench database first

What it does:
1. Creates the PostgreSQL database (DB_NAME, default thanrak_bench_learning; DB_HOST, DB_PORT,
   DB_USER, DB_PASSWORD as for the project), migrates it and loads Thai geography; a district officer
   of Mueang Phayao; 2,000 registry persons of one village (through `person_register`). Skipped when
   they are there.
2. Check-in: a course and a batch of 2,000 places with one session, everyone enrolled; the 2,000
   participants' signed QR tokens, each scanned twice (4,000 scans, as a phone that synced its queue
   again after a lost reply), POSTed in one request (after one warm-up GET, timed apart: the first
   request of a process builds the whole API) to `/api/v1/learning/sessions/{id}/checkins`
   through Django's test client as the district officer (JSON parsing, validation, the signature of
   every token, the bulk write). Run three times on fresh sessions; prints each time and checks that
   the session holds exactly 2,000 marks.
3. Certificates: a batch of 200 with three sessions, everyone present, certificates issued; then
   GET `/learning/batches/{id}/certificates.pdf` (one PDF, a page each, Thai font, a QR each) three
   times; prints each time, the page count (pdfinfo when present) and the size.

Each figure is printed as wall time and as this process's CPU time (the server's work: the test
client runs the view in this process) with the load average, since two cores shared with other
work make wall time mostly waiting.

Targets (issue 13): 2,000 check-ins synced at once ≤ 10 s; the certificate PDF of 200 ≤ 30 s. Not part
of `make test`.
"""

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _db  # noqa: E402

AT = dt.datetime(2026, 11, 1, 2, tzinfo=dt.UTC)
PEOPLE = 2_000
VILLAGE = "56010101"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db-name", default=os.getenv("DB_NAME", "thanrak_bench_learning"))
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--reset", action="store_true", help="drop and recreate the bench database")
    return p.parse_args()


def load() -> None:
    from django.core.management import call_command
    from django.db import transaction

    from thanrak.accounts.actions import user_create
    from thanrak.accounts.models import User
    from thanrak.geo.actions import geography_load
    from thanrak.geo.models import Subdistrict, Village
    from thanrak.registry import actions as registry
    from thanrak.registry.models import IdKind, Person

    call_command("migrate", verbosity=0)
    if not User.objects.filter(username="bench_learning").exists():
        geography_load()
        user_create(username="bench_national", password="bench-password-2569", role="NATIONAL_MANAGER")
        user_create(
            username="bench_learning",
            password="bench-password-2569",
            role="DISTRICT_OFFICER",
            area_codes=["5601"],
        )
    have = Person.objects.filter(area_code=VILLAGE).count()
    if have >= PEOPLE:
        return
    by = User.objects.get(username="bench_national")
    sub = Subdistrict.objects.get(code=VILLAGE[:6])
    Village.objects.get_or_create(
        code=VILLAGE, defaults={"subdistrict": sub, "number": 1, "name_th": "บ้านต๋อม"}
    )
    started = time.monotonic()
    with transaction.atomic():
        for i in range(have, PEOPLE):
            registry.person_register(
                by=by,
                at=AT,
                id_kind=IdKind.NONE,
                citizen_id="",
                title="นาง",
                first_name=f"ผู้เข้าอบรม{i}",
                last_name="ทดสอบ",
                sex="F",
                area_code=VILLAGE,
            )
    print(f"registered {PEOPLE - have:,} persons in {time.monotonic() - started:.1f} s")


def _batch(by, *, people: int, sessions: int, tag: str):  # noqa: ANN001, ANN202
    from django.db import transaction

    from thanrak.learning import actions
    from thanrak.learning.models import Enrolment, EnrolmentSource, EnrolmentStatus
    from thanrak.registry.models import Person

    with transaction.atomic():
        course = actions.course_create(
            by=by,
            title=f"โคก หนอง นา โมเดล ({tag})",
            hours=12,
            fiscal_year=2569,
            area_code="5601",
            programme_code="2.4(2)",
        )
        batch = actions.batch_create(
            by=by,
            course=course,
            start_date=dt.date(2026, 11, 2),
            end_date=dt.date(2026, 11, 2 + sessions - 1),
            place="ศูนย์เรียนรู้ตำบลบ้านต๋อม",
            area_code="560101",
            capacity=people,
            budget=0,
        )
        made = [
            actions.session_add(
                by=by, batch=batch, date=dt.date(2026, 11, 2 + d), starts_at=dt.time(9), ends_at=dt.time(16)
            )
            for d in range(sessions)
        ]
        ids = Person.objects.filter(area_code=VILLAGE).order_by("pk").values_list("pk", flat=True)[:people]
        # Enrolment itself is measured by the tests; here the rows are only the stage.
        Enrolment.objects.bulk_create(
            Enrolment(
                batch=batch,
                person_id=pk,
                status=EnrolmentStatus.ENROLLED,
                source=EnrolmentSource.LIST,
                enrolled_at=AT,
                by=by,
            )
            for pk in ids
        )
    return batch, made


def measure_checkins(by, runs: int) -> list[float]:  # noqa: ANN001
    from django.test import Client

    from thanrak.learning.models import Attendance
    from thanrak.learning.tokens import checkin_token

    batch, _ = _batch(by, people=PEOPLE, sessions=runs, tag="check-in")
    tokens = [checkin_token(pk) for pk in batch.enrolments.order_by("pk").values_list("pk", flat=True)]
    client = Client()
    client.force_login(by)
    # The process's first API request builds the API (every app's routers and schemas): timed apart.
    started = time.monotonic()
    client.get("/api/v1/learning/courses")
    print(f"first API request of the process (builds the API): {time.monotonic() - started:.2f} s")
    times = []
    for n, session in enumerate(batch.sessions.order_by("date"), 1):
        at = dt.datetime.combine(session.date, dt.time(1, 55), tzinfo=dt.UTC).isoformat()
        scans = [{"token": t, "at": at} for t in tokens] * 2  # every scan synced twice
        started, cpu = time.monotonic(), time.process_time()
        response = client.post(
            f"/api/v1/learning/sessions/{session.pk}/checkins",
            {"scans": scans},
            content_type="application/json",
        )
        elapsed, cpu = time.monotonic() - started, time.process_time() - cpu
        body = response.json()
        marks = Attendance.objects.filter(session=session).count()
        assert response.status_code == 200 and marks == PEOPLE, (response.status_code, marks)
        print(
            f"check-in run {n}: {len(scans):,} scans ({PEOPLE:,} people, each twice) in {elapsed:.2f} s"
            f" (CPU of this process {cpu:.2f} s, load average {os.getloadavg()[0]:.1f});"
            f" accepted {body['accepted']:,}, already {body['already']:,}, refused {len(body['refused'])};"
            f" {marks:,} marks in the session"
        )
        times.append(elapsed)
    return times


def measure_certificates(by, runs: int) -> list[float]:  # noqa: ANN001
    from django.test import Client

    from thanrak.learning import actions

    batch, sessions = _batch(by, people=200, sessions=3, tag="certificates")
    for session in sessions:
        actions.mark_list(
            by=by, session=session, present=batch.enrolments.values_list("pk", flat=True), at=AT
        )
    issued = actions.certificates_issue(by=by, batch=batch, on=dt.date(2026, 11, 5))
    client = Client()
    client.force_login(by)
    times = []
    for n in range(1, runs + 1):
        started, cpu = time.monotonic(), time.process_time()
        response = client.get(f"/learning/batches/{batch.pk}/certificates.pdf")
        elapsed, cpu = time.monotonic() - started, time.process_time() - cpu
        assert response.status_code == 200, response.status_code
        pages = _pages(response.content)
        print(
            f"certificates run {n}: {len(issued)} certificates, one PDF of {pages} pages,"
            f" {len(response.content) / 1e6:.1f} MB in {elapsed:.2f} s"
            f" (CPU of this process {cpu:.2f} s, load average {os.getloadavg()[0]:.1f})"
        )
        times.append(elapsed)
    return times


def _pages(pdf: bytes) -> str:
    try:
        with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
            fh.write(pdf)
            fh.flush()
            info = subprocess.run(["pdfinfo", fh.name], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def main() -> None:
    args = parse_args()
    _db.ensure_database(args.db_name, reset=args.reset)
    _db.configure(args.db_name, ALLOWED_HOSTS="testserver,localhost")
    import django

    django.setup()
    load()
    from thanrak.accounts.models import User

    by = User.objects.get(username="bench_learning")
    checkins = measure_checkins(by, args.runs)
    pdfs = measure_certificates(by, args.runs)
    print(f"2,000 check-ins synced at once: median {statistics.median(checkins):.2f} s (target ≤ 10 s)")
    print(f"certificate PDF of a batch of 200: median {statistics.median(pdfs):.2f} s (target ≤ 30 s)")


if __name__ == "__main__":
    main()
