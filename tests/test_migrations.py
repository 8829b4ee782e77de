"""Models and migrations describe the same tenant and platform schema."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from crm.contacts.models import Contact, search_text_of
from gorilla.extensions import db
from tenants import provisioning
from tenants.migrations import downgrade_tenant, head_revision, tenant_engine, upgrade_tenant
from tenants.model_base import TenantModel, is_index_storage
from tests.crm_factories import in_tenant
from tests.portal_helpers import make_contact


def _indexes(connection, schema: str) -> set[str]:
    """PostgreSQL: the definitions of ``schema``'s indexes and planner statistics targets, the
    schema's name left out (alembic's comparison ignores index methods and operator classes)."""
    definitions = connection.execute(
        sa.text("SELECT indexdef FROM pg_indexes WHERE schemaname = :schema"), {"schema": schema}
    ).scalars()
    targets = connection.execute(
        sa.text(
            "SELECT attrelid::regclass::text || '.' || attname || ' ' || attstattarget"
            " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            " WHERE a.attstattarget > 0 AND c.relnamespace = :schema ::regnamespace"
        ),
        {"schema": schema},
    ).scalars()
    return {text.replace(f"{schema}.", "") for text in [*definitions, *targets]}


def test_tenant_migrations_from_scratch_match_the_models(app, tenant):
    with app.app_context():
        binds = provisioning.tenant_binds()
        schema = "tenant_scratch"
        if binds.uses_schemas:
            with db.engine.begin() as connection:
                connection.execute(sa.schema.CreateSchema(schema))
        else:
            binds.tenant_dir.mkdir(parents=True, exist_ok=True)
            binds.sqlite_path(schema).touch()
        try:
            upgrade_tenant(binds, schema)
            with tenant_engine(binds, schema).connect() as connection:
                if binds.uses_schemas:
                    connection.exec_driver_sql(f'SET search_path TO "{schema}"')
                options = {"compare_type": True, "include_schemas": False}
                context = MigrationContext.configure(
                    connection,
                    opts=options | {"include_object": _modelled},
                )
                assert context.get_current_revision() == head_revision()
                diff = compare_metadata(
                    context, _unschemed(TenantModel.metadata, connection.dialect.name)
                )
                connection.rollback()
            assert diff == []
            if binds.uses_schemas:
                with db.engine.connect() as connection:
                    migrated = _indexes(connection, schema)
                    assert migrated == _indexes(connection, tenant.schema_name)
        finally:
            if binds.uses_schemas:
                with db.engine.begin() as connection:
                    connection.execute(sa.schema.DropSchema(schema, cascade=True))
            else:
                provisioning.remove_sqlite_files(binds.sqlite_path(schema))


def test_a_tenant_with_customers_and_contacts_migrates_down_and_up_again(app, tenant):
    """Migrations that rebuild a referenced table (SQLite's batch mode copies, drops and renames
    ``customers``) keep every row and every reference."""
    customer, kim = make_contact(app, tenant, "kim@kunde.de")
    with app.app_context():
        binds = provisioning.tenant_binds()
        downgrade_tenant(binds, tenant.schema_name, "t0014")
        upgrade_tenant(binds, tenant.schema_name)
    with in_tenant(app, tenant) as session:
        contact = session.get(Contact, kim)
        assert (contact.email, contact.customer_id) == ("kim@kunde.de", customer)
        assert contact.search_text == search_text_of(contact, contact.customer.company)
        assert "kim@kunde.de" in contact.search_text


def _modelled(object_, name, type_, reflected, compare_to) -> bool:
    """Leave out search index storage no model describes (SQLite's FTS5 tables)."""
    return type_ != "table" or not is_index_storage(name)


def _unschemed(metadata: sa.MetaData, dialect: str) -> sa.MetaData:
    """The tenant tables without schema, without indexes the models create on another dialect
    only (PostgreSQL's GIN index of the search)."""
    copy = sa.MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.tables.values():
        elsewhere = {
            index.name
            for index in table.indexes
            if index._ddl_if is not None and index._ddl_if.dialect not in (None, dialect)
        }
        copied = table.to_metadata(copy, schema=None)
        copied.indexes -= {index for index in copied.indexes if index.name in elsewhere}
    return copy


def test_platform_migrations_match_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []
