"""Two-factor sign-in in the customer area: the contact's own page and the second step."""
