"""Dateien of a project in the customer area: download, and upload the customer's own."""
