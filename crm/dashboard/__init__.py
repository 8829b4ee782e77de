"""The staff start page (/admin/)."""
