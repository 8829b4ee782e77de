"""Contacts (Kontakte) of a customer: the "Neuer Kontakt" form, primaries, pictures."""
