"""Customer area: the customer's contracts, signing and the discussion."""
