"""Estimates (Angebote): line items as invoices, an own number series, sending, the
customer's answer with a drawn signature, and conversion into an invoice."""
