"""GDPR: data export of a contact, erasure requests and anonymisation, consent records and the
tenant's privacy policy (staff side; the customer-area pages live in ``portal.gdpr``)."""
