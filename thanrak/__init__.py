"""Thanrak (ฐานราก): an open platform for Thailand's grassroots economy."""
