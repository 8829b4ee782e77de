"""Customers (Kunden) of an agency: list, profile, tabs."""
