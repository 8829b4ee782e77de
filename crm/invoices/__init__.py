"""Invoices with line items, a gapless number sequence, payments and a PDF."""
