"""Customer self-registration at /kunden/registrieren and its email confirmation link."""
