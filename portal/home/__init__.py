"""Customer area: the start page (sign-in form or the contact's dashboard)."""
