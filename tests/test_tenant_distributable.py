"""Tenant tables stay distributable: Citus moves a tenant schema to a worker as a whole.

A distributed schema may only refer to itself: a foreign key to the platform tables or to
another tenant, a sequence outside the tenant schema, or a function resolved through the
search path (``public``) would keep the tenant on the coordinator or break it on a worker.
This is a pure walk over the models' metadata, so it runs on every database.
"""

import re

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import NoReferencedTableError
from sqlalchemy.sql import visitors
from sqlalchemy.sql.functions import Function

from gorilla import create_app
from tenants.model_base import NAMING_CONVENTION, TENANT_SCHEMA, TenantModel
from tenants.models import Tenant

# Built-in (pg_catalog) functions a tenant table may call in its DDL; extend when a model
# needs another one. Anything else is resolved through the search path, i.e. outside the tenant.
BUILTIN_FUNCTIONS = {
    "abs",
    "coalesce",
    "current_date",
    "current_timestamp",
    "gen_random_uuid",
    "length",
    "lower",
    "now",
    "replace",
    "setweight",
    "to_tsvector",
    "translate",
    "trim",
    "upper",
}
# Objects of the one extension the platform installs on every node (platform migration p0003:
# pg_trgm in the schema ``extensions``, propagated by the Citus coordinator to the workers) that
# tenant DDL may name, always schema-qualified. Nothing else outside the tenant schema.
PLATFORM_EXTENSION_OBJECTS = {"extensions.gin_trgm_ops", "extensions.gist_trgm_ops"}
# Operator classes of the core distribution a tenant index may name unqualified.
BUILTIN_OPCLASSES = {"text_pattern_ops", "varchar_pattern_ops", "tsvector_ops"}
OPCLASS = re.compile(r'((?:"?\w+"?\s*\.\s*)*)"?(\w+_ops)\b"?')
# Words followed by "(" in SQL text that are not function calls.
SQL_KEYWORDS = {"all", "and", "any", "exists", "in", "not", "or"}
CALL = re.compile(r'((?:"?\w+"?\s*\.\s*)*)"?(\w+)"?\s*\(')


def _calls(sql):
    """(schema or None, name) of every function call in a DDL expression (clause or text)."""
    if isinstance(sql, str | sa.TextClause):
        text = sql if isinstance(sql, str) else sql.text
        for qualifier, name in CALL.findall(text):
            if name.lower() not in SQL_KEYWORDS:
                yield qualifier.replace('"', "").replace(" ", "").rstrip(".") or None, name.lower()
        return
    for element in visitors.iterate(sql):
        if isinstance(element, sa.TextClause):
            yield from _calls(element)
        elif isinstance(element, sa.ColumnClause) and element.is_literal:
            yield from _calls(element.name)
        elif isinstance(element, Function):
            yield ".".join(element.packagenames) or None, element.name.lower()


def _function_problems(where: str, sql) -> list[str]:
    """Function calls in a DDL expression that leave the tenant schema."""
    problems = []
    for schema, name in _calls(sql):
        if name == "nextval":
            problems.append(f"{where}: nextval() names a sequence the schema map cannot move")
        elif schema != "pg_catalog" and (schema is not None or name not in BUILTIN_FUNCTIONS):
            problems.append(f"{where}: calls {schema + '.' if schema else ''}{name}() outside")
    return problems


def _opclass_problems(where: str, sql) -> list[str]:
    """Operator classes in an index expression that the tenant schema cannot carry along."""
    problems = []
    for element in [sql] if isinstance(sql, str) else visitors.iterate(sql):
        text = element if isinstance(element, str) else getattr(element, "text", None)
        if isinstance(element, sa.ColumnClause) and element.is_literal:
            text = element.name
        for qualifier, name in OPCLASS.findall(text or ""):
            qualified = re.sub(r'["\s]', "", qualifier) + name
            if qualified not in PLATFORM_EXTENSION_OBJECTS and qualified not in BUILTIN_OPCLASSES:
                problems.append(f"{where}: operator class {qualified} outside")
    return problems


def _ddl_expressions(table: sa.Table):
    """(where, expression) for every server-side expression the table's DDL contains."""
    for column in table.columns:
        for kind in ("server_default", "server_onupdate"):
            clause = getattr(column, kind)
            if clause is not None and hasattr(clause, "arg"):
                yield f"{table.name}.{column.name} {kind}", clause.arg
        if column.computed is not None:
            yield f"{table.name}.{column.name} computed", column.computed.sqltext
    for constraint in table.constraints:
        if isinstance(constraint, sa.CheckConstraint):
            yield f"{table.name} check {constraint.name}", constraint.sqltext
    for index in table.indexes:
        for expression in index.expressions:
            if not isinstance(expression, sa.Column | str):
                yield f"{table.name} index {index.name}", expression
        for options in index.dialect_options.values():
            if options.get("where") is not None:
                yield f"{table.name} index {index.name} where", options["where"]


def distribution_problems(metadata: sa.MetaData) -> list[str]:
    """Everything in ``metadata`` that refers outside the tenant schema."""
    problems = []
    for table in metadata.tables.values():
        if table.schema != TENANT_SCHEMA:
            problems.append(f"{table.name}: in schema {table.schema}, not {TENANT_SCHEMA}")
        for fk in table.foreign_keys:
            where = f"{table.name}.{fk.parent.name}"
            try:
                target = fk.column.table
            except NoReferencedTableError:
                target = None
            if target is None or metadata.tables.get(target.key) is not target:
                problems.append(f"{where}: foreign key to {fk.target_fullname} outside")
        for column in table.columns:
            if isinstance(column.default, sa.Sequence) and column.default.schema != TENANT_SCHEMA:
                schema = column.default.schema or "the search path"
                problems.append(f"{table.name}.{column.name}: sequence in {schema}")
        for where, expression in _ddl_expressions(table):
            problems.extend(_function_problems(where, expression))
            problems.extend(_opclass_problems(where, expression))
        for index in table.indexes:
            for opclass in index.dialect_options["postgresql"]["ops"].values():
                problems.extend(_opclass_problems(f"{table.name} index {index.name}", opclass))
    return problems


@pytest.fixture(scope="module")
def tenant_metadata(tmp_path_factory):
    """Every feature's tenant models (an app imports them all); no database is touched."""
    create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path_factory.mktemp("instance"))})
    assert {"tenant.staff", "tenant.customers"} <= set(TenantModel.metadata.tables)
    return TenantModel.metadata


def test_tenant_models_refer_only_to_their_own_schema(tenant_metadata):
    assert distribution_problems(tenant_metadata) == []


@pytest.fixture
def planted(tenant_metadata):
    """A copy of the tenant models plus one model that breaks each rule."""
    metadata = sa.MetaData(schema=TENANT_SCHEMA, naming_convention=NAMING_CONVENTION)
    for table in tenant_metadata.sorted_tables:
        table.to_metadata(metadata)
    sa.Table(
        "bad",
        metadata,
        sa.Column("id", sa.Integer, sa.Sequence("bad_id_seq"), primary_key=True),
        sa.Column("tenant_id", sa.ForeignKey(Tenant.__table__.c.id)),
        sa.Column("other_customer_id", sa.ForeignKey("tenant_globex.customers.id")),
        sa.Column("staff_id", sa.ForeignKey("tenant.staff.id")),
        sa.Column("code", sa.String, server_default=sa.func.public.make_code()),
        sa.Column("slug", sa.String, server_default=sa.text("slugify('x')")),
        sa.Column("number", sa.Integer, server_default=sa.text("nextval('tenant.numbers')")),
        sa.Column("created", sa.DateTime, server_default=sa.func.now()),
        sa.Column("ref", sa.Integer, sa.Sequence("ref_seq", schema="public")),
        sa.CheckConstraint("audit.valid(code)", name="code_valid"),
        sa.Index(
            "ix_bad_live", "code", postgresql_where=sa.text("code IN ('a') AND is_live(code)")
        ),
        sa.Index("ix_bad_trgm", sa.text("slug gin_trgm_ops"), postgresql_using="gin"),
        sa.Index("ix_bad_public_trgm", sa.text("slug public.gin_trgm_ops")),
        sa.Index("ix_bad_other", "code", postgresql_ops={"code": "extensions.gin_bigm_ops"}),
        sa.Index("ix_bad_similar", sa.literal_column("extensions.similarity(code, slug)")),
    )
    return metadata


def test_distribution_check_catches_a_planted_bad_model(planted):
    problems = distribution_problems(planted)
    assert sorted(problems) == sorted(
        [
            "bad.id: sequence in the search path",
            "bad.tenant_id: foreign key to tenants.id outside",
            "bad.other_customer_id: foreign key to tenant_globex.customers.id outside",
            "bad.code server_default: calls public.make_code() outside",
            "bad.slug server_default: calls slugify() outside",
            "bad.number server_default: nextval() names a sequence the schema map cannot move",
            "bad.ref: sequence in public",
            "bad check ck_bad_code_valid: calls audit.valid() outside",
            "bad index ix_bad_live where: calls is_live() outside",
            "bad index ix_bad_trgm: operator class gin_trgm_ops outside",
            "bad index ix_bad_public_trgm: operator class public.gin_trgm_ops outside",
            "bad index ix_bad_other: operator class extensions.gin_bigm_ops outside",
            "bad index ix_bad_similar: calls extensions.similarity() outside",
        ]
    )
