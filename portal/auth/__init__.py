"""Contact sign-in, sign-out, forgot password and set password (48-hour and reset links)."""
