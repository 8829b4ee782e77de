"""Sign in to the customer area with a one-time link sent by email (tenant setting, off by
default)."""
