"""Proposals (Vorschläge): rich-text offers with optional items that contacts accept with a
signature, decline or discuss in the customer area; accepted ones convert to other documents."""
