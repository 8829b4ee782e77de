"""A tenant is one agency; a domain maps a host name to it."""

from django.db import models
from django_tenants.models import DomainMixin, TenantMixin


class Agency(TenantMixin):
    """One tenant, with its own PostgreSQL schema."""

    name = models.CharField(max_length=100)
    auto_create_schema = True


class Domain(DomainMixin):
    """A host name served by an agency."""
