"""Customer area: the customer's proposals (no drafts), a proposal page with accept, decline
and discussion, and its PDF."""
