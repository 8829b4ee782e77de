"""The contact's own GDPR page: privacy policy (public), consent, data export, erasure request."""
