"""Staff accounts: sign-in, the admin created with the tenant, staff management."""
