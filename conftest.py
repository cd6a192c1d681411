"""Fixtures shared by every test: Thai geography loaded once, and one user per persona.

Personas (the architecture's roles) live in Phayao (56) unless their name says otherwise:
- district_officer: Mueang Phayao district (5601); other_district_officer: Chun district (5602)
- provincial_officer: Phayao province; officer_elsewhere: a district officer in Chiang Mai (5001)
- volunteer: village 56010101; national_manager: everything; auditor: Phayao province
- org_officer: manages `enterprise` (a community enterprise in 560101); member: a person with a login
"""

import os

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

# No per-example deadline: CI runs two workers on two cores beside PostgreSQL, and a slow example
# is not a failure of the rule being tested.
hypothesis_settings.register_profile("thanrak", deadline=None)
hypothesis_settings.load_profile("thanrak")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: ANN001
    """Load the 77 provinces, 928 districts and 7,436 subdistricts once per test database."""
    from thanrak.geo.actions import geography_load

    with django_db_blocker.unblock():
        geography_load()


@pytest.fixture(scope="session", autouse=True)
def _live_server_one_request_at_a_time():
    """On SQLite the live server's threads share the one in-memory connection, and two requests at
    once (a page's panels loading while the person clicks on) break it ("bad parameter or other API
    misuse", a lost session). There the browser journeys get a server that answers one request at
    a time; Django closes each connection of such a server, so the browser never waits on a
    kept-alive one. PostgreSQL keeps the threaded server."""
    from django.conf import settings
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class OneAtATime(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):  # noqa: ANN001, ANN002, ANN003
            super().__init__(*args, **kwargs)
            self.connections_override = connections_override

    if "sqlite" in settings.DATABASES["default"]["ENGINE"]:
        LiveServerThread.server_class = OneAtATime
    yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):  # noqa: ANN001
    """Transactional tests (live_server, browser journeys) empty every table when they end, Thai
    geography included: once every fixture is torn down, load it again for the tests that follow."""
    result = yield
    names = set(getattr(item, "fixturenames", ()))
    used_db = item.get_closest_marker("django_db") is not None or names & {
        "db",
        "transactional_db",
        "live_server",
    }
    if nextitem is not None and used_db:
        from pytest_django.plugin import blocking_manager_key

        from thanrak.geo.actions import geography_load
        from thanrak.geo.models import Province

        with item.config.stash[blocking_manager_key].unblock():
            if not Province.objects.exists():
                geography_load()
    return result


@pytest.fixture
def make_user(db):  # noqa: ANN001
    from thanrak.accounts.actions import user_create

    def make(username: str, role: str, *areas: str, password: str = "pw-for-tests-123"):
        return user_create(
            username=username, password=password, role=role, first_name=username, area_codes=areas
        )

    return make


@pytest.fixture
def national_manager(make_user):  # noqa: ANN001
    return make_user("national", "NATIONAL_MANAGER")


@pytest.fixture
def provincial_officer(make_user):  # noqa: ANN001
    return make_user("phayao_province", "PROVINCIAL_OFFICER", "56")


@pytest.fixture
def district_officer(make_user):  # noqa: ANN001
    return make_user("mueang_phayao", "DISTRICT_OFFICER", "5601")


@pytest.fixture
def other_district_officer(make_user):  # noqa: ANN001
    return make_user("chun_district", "DISTRICT_OFFICER", "5602")


@pytest.fixture
def officer_elsewhere(make_user):  # noqa: ANN001
    return make_user("mueang_chiangmai", "DISTRICT_OFFICER", "5001")


@pytest.fixture
def volunteer(make_user):  # noqa: ANN001
    from thanrak.registry.tests import factories

    factories.village("560101", 1)
    return make_user("volunteer_moo1", "VOLUNTEER", "56010101")


@pytest.fixture
def auditor(make_user):  # noqa: ANN001
    return make_user("auditor_phayao", "AUDITOR", "56")


@pytest.fixture
def buyer(make_user):  # noqa: ANN001
    return make_user("buyer", "BUYER")


@pytest.fixture
def enterprise(national_manager):  # noqa: ANN001
    from thanrak.registry.tests import factories

    return factories.organisation(by=national_manager, name_th="วิสาหกิจชุมชนผ้าทอบ้านทดสอบ")


@pytest.fixture
def org_officer(make_user, enterprise, national_manager):  # noqa: ANN001
    from thanrak.registry.actions import organisation_officer_assign

    user = make_user("treasurer", "ORG_OFFICER")
    organisation_officer_assign(user=user, organisation=enterprise, by=national_manager)
    return user


@pytest.fixture
def member(make_user, national_manager):  # noqa: ANN001
    from thanrak.registry.tests import factories

    user = make_user("member", "MEMBER")
    household = factories.household(by=national_manager, members=1)
    head = household.members.get().person
    head.user = user
    head.save(update_fields=["user"])
    return user


@pytest.fixture
def phayao_household(national_manager):  # noqa: ANN001
    """A household in Mueang Phayao (village 56010101)."""
    from thanrak.registry.tests import factories

    return factories.household(by=national_manager, village_obj=factories.village("560101", 1))


@pytest.fixture
def chiangmai_household(national_manager):  # noqa: ANN001
    """A household in Mueang Chiang Mai (village 50010101), another province."""
    from thanrak.registry.tests import factories

    return factories.household(by=national_manager, village_obj=factories.village("500101", 1, "บ้านเชียงใหม่"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # noqa: ANN001
    """Debian's Chromium: this machine cannot download Playwright's own browser."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def open_as(browser):  # noqa: ANN001
    """`open_as(user)`: a page of its own browser context, logged in as `user` (None: a guest), on a
    360 px phone, its requests answered in-process inside the test's transaction (no live server)."""
    from thanrak.core.testing import browser as journeys

    contexts = []

    def make(user=None, **options):  # noqa: ANN001, ANN202
        page = journeys.open_as(browser, user, **options)
        contexts.append(page.context)
        return page

    yield make
    for context in contexts:
        context.close()


def pytest_collection_modifyitems(config, items):  # noqa: ANN001
    """Tests marked `postgres` need PostgreSQL's locks and triggers: skip them on SQLite."""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run with DB=postgres)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_instruments():
    """Survey instruments are cached per process by (version id, form version, updated at). A test's
    rolled-back version frees its id on SQLite, and the next test's version, made at the same fixed
    moment, would be served the previous test's questions (a run then finds no one poor)."""
    from thanrak.survey import validation

    validation._CACHE.clear()
    yield
