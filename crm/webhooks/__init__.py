"""Einstellungen › Webhooks: endpoints and the delivery log with retry."""
