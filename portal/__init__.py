"""Customer area (/kunden) for contacts of an agency's customers."""
