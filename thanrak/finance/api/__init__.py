"""The finance API under /api/v1/finance: funds, members, savings, loans, ledger, year end, roll-ups.

Every operation declares its resource (`@access`) and the error answers (`**ERRORS`); rows are
scoped by the same queries as the pages (organisation, area, the member's own). Amounts are integer
satang, rates basis points, dates ISO (Christian era). Writes accept an `idempotency_key`: the same
request sent again returns the first result and changes nothing.

One module and router per part of the work; `router` mounts them all under the one "finance" tag.
"""

from ninja import Router

from thanrak.finance.api import arrears, funds, ledger, loans, members, overview, yearend

router = Router(tags=["finance"])
for part in (funds, members, loans, arrears, ledger, yearend, overview):
    router.add_router("", part.router)

__all__ = ["router"]
