"""Control plane: tenant registry, host resolution, per-tenant database binding."""
