"""Customer area: the customer's estimates (no drafts), accept with a signature, decline, PDF."""
