"""What finance offers other modules through their hooks (read by them, never imported by name)."""

from typing import Any

from django.utils.translation import gettext as _


def survey_help_links() -> list[tuple[str, str, Any, Any, Any]]:
    """The kinds of finance records that help given to a household can be linked to (survey's
    follow-up): the loans and the fund memberships of the household's people."""
    from thanrak.finance.models import FundMember, Loan, LoanStatus, MemberStatus

    return [
        (
            _("Loans"),
            "finance.loan",
            Loan.objects.select_related("fund", "borrower__person"),
            lambda x: f"{x.number} · {x.fund.name_th} · {x.borrower.person.full_name}",
            lambda qs, people: (
                qs.filter(borrower__person_id__in=people)
                .exclude(status=LoanStatus.REJECTED)
                .order_by("-applied_on", "-pk")
            ),
        ),
        (
            _("Fund memberships"),
            "finance.member",
            FundMember.objects.select_related("fund", "person"),
            lambda x: f"{x.person.full_name} · {x.fund.name_th}",
            lambda qs, people: qs.filter(person_id__in=people, status=MemberStatus.ACTIVE).order_by(
                "fund__name_th", "pk"
            ),
        ),
    ]
