"""Einstellungen › Rechtliches: the agency's Impressum, terms and data processing agreement."""
