"""Contracts ("Verträge"): staff pages, signing, frozen signed PDFs, reminders."""
