"""Einstellungen › Protokoll (admins), the Aktivität tab of a customer and the retention of
the audit log (``gorilla.audit`` stores it)."""
