"""The agency's Impressum, terms and data processing agreement in the customer area."""
