"""An item's bookings as an iCalendar (RFC 5545) feed, written with the icalendar package.

Events say when the item is taken and its status, never who booked it: the feed's address is a
secret shared with a phone's calendar, not a login, so it carries no personal data.
"""

import datetime as dt

from icalendar import Calendar, Event

from thanrak.assets.models import Booking, Equipment

STATUS = {"BOOKED": "CONFIRMED", "OUT": "CONFIRMED", "RETURNED": "CONFIRMED", "CANCELLED": "CANCELLED"}


def feed(item: Equipment, bookings: list[Booking], *, now: dt.datetime) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Thanrak//assets//TH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{item.name} · {item.organisation.name_th}")
    for booking in bookings:
        event = Event()
        event.add("uid", f"booking-{booking.pk}@thanrak")
        event.add("dtstamp", now)
        event.add("dtstart", booking.starts_at)
        event.add("dtend", booking.ends_at)
        event.add("summary", f"{item.name}: จองแล้ว ({booking.get_status_display()})")
        event.add("status", STATUS[booking.status])
        cal.add_component(event)
    return cal.to_ical()
