"""The platform site on the base domain: landing page and agency sign-up."""

from .blueprint import bp

__all__ = ["bp"]
