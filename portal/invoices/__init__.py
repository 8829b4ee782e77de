"""Customer area: the customer's invoices (no drafts), an invoice page and its PDF."""
