"""Per-tenant settings (key/value) and the settings pages."""
