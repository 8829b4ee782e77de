"""Customer area: the customer's credit notes beside its invoices (permission ``invoices``)."""
