"""Every finance link a person is shown leads somewhere they may go (issue 10, B8)."""

import datetime as dt
import re
from collections import deque

import pytest
from django.urls import reverse

from thanrak.finance import actions
from thanrak.finance.tests import factories
from thanrak.finance.tests.factories import AT

pytestmark = pytest.mark.django_db
D = dt.date
HREF = re.compile(r'href="(/finance/[^"#?]*)')


@pytest.fixture
def books(funded, treasurer, chair, members):  # noqa: ANN001
    """Savings, a loan being repaid, one in arrears and a closed year."""
    for m in members:
        factories.save(member=m, by=treasurer, satang=10_000, on=D(2025, 1, 5))
    good = factories.active_loan(borrower=members[0], recorder=treasurer, approver=chair)
    factories.active_loan(borrower=members[1], recorder=treasurer, approver=chair)
    actions.loan_repay(loan=good, amount_satang=112_000, on=D(2025, 3, 1), by=treasurer, at=AT)
    actions.year_end_post(fund=funded, period_end=D(2025, 12, 31), by=treasurer, at=AT)
    return {"fund": funded, "members": members}


def broken_links(client, start: list[str], limit: int = 60) -> dict[str, int]:  # noqa: ANN001
    """Follow the finance links shown, from the start pages, and return those that do not open."""
    seen, todo, broken = set(start), deque(start), {}
    while todo and len(seen) <= limit:
        url = todo.popleft()
        response = client.get(url)
        if response.status_code != 200:
            broken[url] = response.status_code
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in HREF.findall(response.content.decode()):
            if link not in seen:
                seen.add(link)
                todo.append(link)
    return broken


class TestFinanceLinks:
    def test_a_member_is_shown_no_fund_tab_that_refuses_them(self, client, books, make_user):
        user = make_user("saver", "MEMBER")
        mine = books["members"][0]
        mine.person.user = user
        mine.person.save(update_fields=["user"])
        client.force_login(user)

        page = client.get(reverse("finance:member-detail", args=[mine.pk])).content.decode()

        assert reverse("finance:journal", args=[books["fund"].pk]) not in page
        assert reverse("finance:statements", args=[books["fund"].pk]) not in page
        assert reverse("finance:arrears", args=[books["fund"].pk]) not in page
        assert (
            broken_links(
                client, [reverse("finance:my-accounts"), reverse("finance:member-detail", args=[mine.pk])]
            )
            == {}
        )

    def test_every_link_the_treasurer_is_shown_opens(self, client, books, treasurer):
        client.force_login(treasurer)

        assert broken_links(client, [reverse("finance:fund-detail", args=[books["fund"].pk])]) == {}

    def test_every_link_the_auditor_is_shown_opens(self, client, books, auditor):
        client.force_login(auditor)

        assert broken_links(client, [reverse("finance:fund-detail", args=[books["fund"].pk])]) == {}
