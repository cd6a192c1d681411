"""The pages of community assets (one module per sub-domain)."""
