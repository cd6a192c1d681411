"""The split of a repayment (no database): penalty → interest → principal, oldest first; never more
than is due on any part; refusals when the amount is more than may be paid."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thanrak.finance.repayment import Allocation, CannotRepayLoan, Due, Owing, Part, allocate_repayment

TWO_DUE = Owing(
    due=[Due(1, principal_satang=1000, interest_satang=100, penalty_satang=10), Due(2, 1000, 100, 5)],
    future=[Due(3, 1000, 100), Due(4, 1000, 100)],
    accrued_interest_satang=40,
    principal_outstanding_satang=4000,
)


def test_pays_penalty_then_interest_then_principal_oldest_first():
    split = allocate_repayment(TWO_DUE, 1200)
    assert split.parts == (Part(1, 1000, 100, 10), Part(2, 0, 85, 5))
    assert (split.principal_satang, split.interest_satang, split.penalty_satang) == (1000, 185, 15)
    assert split.total_satang == 1200
    assert split.reschedule_principal_satang is None


def test_a_small_amount_goes_to_the_oldest_penalty_first():
    split = allocate_repayment(TWO_DUE, 7)
    assert split == Allocation(
        parts=(Part(1, 0, 0, 7),), principal_satang=0, interest_satang=0, penalty_satang=7
    )


def test_money_beyond_what_is_due_pays_the_next_installments_interest_first():
    split = allocate_repayment(TWO_DUE, 2215 + 150)
    assert split.parts[2:] == (Part(3, 50, 100, 0),)


def test_more_than_the_whole_schedule_is_refused():
    with pytest.raises(CannotRepayLoan) as exc:
        allocate_repayment(TWO_DUE, 2215 + 2200 + 1)
    assert exc.value.code == "whole_schedule_most_baht"


def test_paying_off_early_charges_the_accrued_interest_not_later_interest():
    split = allocate_repayment(TWO_DUE, 2215 + 40 + 2000, prepay=True)
    assert split.parts[2:] == (Part(3, 1000, 40, 0), Part(4, 1000, 0, 0))
    assert split.principal_satang == 4000
    assert split.reschedule_principal_satang is None


def test_part_prepayment_respreads_the_principal_left():
    split = allocate_repayment(TWO_DUE, 2215 + 300, prepay=True)
    assert split.parts[2:] == (Part(3, 300, 0, 0),)
    assert split.reschedule_principal_satang == 4000 - 2000 - 300


@pytest.mark.parametrize(
    ("extra", "code"),
    [(2041, "owed_baht_pays_loan"), (2000, "pay_loan_off_today"), (2039, "pay_loan_off_today")],
)
def test_prepayment_of_all_principal_must_be_the_exact_payoff(extra, code):
    with pytest.raises(CannotRepayLoan) as exc:
        allocate_repayment(TWO_DUE, 2215 + extra, prepay=True)
    assert exc.value.code == code


def test_nothing_due_yet_pays_ahead():
    owing = Owing(due=[], future=[Due(7, 500, 20)])
    assert allocate_repayment(owing, 30).parts == (Part(7, 10, 20, 0),)


dues = st.lists(
    st.builds(
        Due,
        installment_id=st.integers(1, 10**6),
        principal_satang=st.integers(0, 10**7),
        interest_satang=st.integers(0, 10**6),
        penalty_satang=st.integers(0, 10**5),
    ),
    max_size=6,
    unique_by=lambda d: d.installment_id,
)


@st.composite
def owing_and_amount(draw):
    due = draw(dues)
    future = [Due(d.installment_id + 10**7, d.principal_satang, d.interest_satang) for d in draw(dues)]
    owing = Owing(due=due, future=future)
    owed = sum(d.total_satang for d in due) + sum(d.total_satang for d in future)
    if owed == 0:
        owing = Owing(due=[Due(1, 1, 0, 0)])
        owed = 1
    return owing, draw(st.integers(1, owed))


@settings(max_examples=300)
@given(owing_and_amount())
def test_every_satang_is_placed_never_more_than_due_and_in_order(case):
    owing, amount = case
    split = allocate_repayment(owing, amount)
    assert split.total_satang == amount
    assert sum(p.total_satang for p in split.parts) == amount
    asked = {d.installment_id: d for d in [*owing.due, *owing.future]}
    for part in split.parts:
        due = asked[part.installment_id]
        assert 0 <= part.principal_satang <= due.principal_satang
        assert 0 <= part.interest_satang <= due.interest_satang
        assert 0 <= part.penalty_satang <= due.penalty_satang
        assert part.total_satang > 0
    # In order: a part is paid only when everything before it (in the order paid) is paid in full.
    order = [(d.installment_id, k) for d in owing.due for k in ("penalty", "interest", "principal")]
    order += [(d.installment_id, k) for d in owing.future for k in ("interest", "principal")]
    paid = {p.installment_id: p for p in split.parts}
    amounts = [getattr(paid[i], f"{k}_satang") if i in paid else 0 for i, k in order]
    wanted = [getattr(asked[i], f"{k}_satang") for i, k in order]
    short = [n for n, (got, want) in enumerate(zip(amounts, wanted, strict=True)) if got < want]
    if short:
        assert all(got == 0 for got in amounts[short[0] + 1 :])


@settings(max_examples=200)
@given(dues, st.integers(0, 10**6), st.integers(1, 10**7))
def test_prepay_either_pays_off_exactly_respreads_or_refuses(due, accrued, extra):
    future = [Due(10**7 + n, 1000 * (n + 1), 50) for n in range(3)]
    owing = Owing(due=due, future=future, accrued_interest_satang=accrued, principal_outstanding_satang=10**8)
    due_total = sum(d.total_satang for d in due)
    try:
        split = allocate_repayment(owing, due_total + extra, prepay=True)
    except CannotRepayLoan as exc:
        assert extra > accrued + 6000 or (6000 <= extra < accrued + 6000)
        assert exc.code in {"owed_baht_pays_loan", "pay_loan_off_today"}
        return
    assert split.total_satang == due_total + extra
    if split.reschedule_principal_satang is None:
        assert extra == accrued + 6000
    else:
        assert extra < 6000
