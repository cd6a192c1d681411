"""Services: one-stop cases and referrals, partner agencies, advisers and volunteers, product development."""
