"""The settings pages of the staff CRM (the key/value store itself is ``tenants.settings``)."""
