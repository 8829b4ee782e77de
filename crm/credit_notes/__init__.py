"""Credit notes (Gutschriften): made from an invoice, applied to open invoices or refunded."""
