"""Einstellungen › API: the tenant's API keys (create, shown once; revoke)."""
