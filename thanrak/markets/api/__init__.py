"""The markets JSON API under /api/v1/markets: events and recurring markets, booths and fees;
turnover (POS and typed) with the import of typed figures; business matching. One Router per
sub-domain, operationIds thanrak_markets_api_<name>."""

from ninja import Router

from thanrak.markets.api import events, matching, turnover

router = Router()
for _part in (events, turnover, matching):
    router.add_router("", _part.router)

__all__ = ["router"]
