"""``tenants export`` / ``tenants import``: a portable zip of one tenant's rows and files.

Layout: ``manifest.json``, ``tables/<table>.json`` (a list of rows per table) and
``uploads/<path>`` (the tenant's files). Rows are plain JSON; dates, decimals and bytes are
written as strings and read back by column type; unknown columns are ignored, and a table may
transform its rows on import (``Table.info["on_import"]``: the outbox never re-sends mail).
"""

import base64
import json
import shutil
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from tenants.migrations import head_revision, tenant_engine
from tenants.model_base import TenantModel
from tenants.models import TenantInfo
from tenants.provisioning import ProvisioningError, ProvisionRequest, create_tenant, tenant_binds
from tenants.storage import upload_root

FORMAT = "gorilla-tenant-export"
VERSION = 1


def _encode(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _decoder(column: sa.Column):
    python_type = column.type.python_type
    if python_type is datetime:
        return datetime.fromisoformat
    if python_type is date:
        return date.fromisoformat
    if python_type is Decimal:
        return Decimal
    if python_type is bytes:
        return base64.b64decode
    return None


def _decode(row: dict, decoders: dict) -> dict:
    """Column values back to Python types; columns the table does not have are dropped."""
    return {
        key: decoders[key](value) if value is not None and decoders[key] else value
        for key, value in row.items()
        if key in decoders
    }


def export_tenant(info: TenantInfo, path: Path) -> int:
    """Write ``info``'s data to the zip at ``path``; returns the number of rows written."""
    binds = tenant_binds()
    rows_written = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with tenant_engine(binds, info.schema_name).connect() as connection:
            for table in TenantModel.metadata.sorted_tables:
                rows = [
                    {key: _encode(value) for key, value in row.items()}
                    for row in connection.execute(sa.select(table)).mappings()
                ]
                archive.writestr(f"tables/{table.name}.json", json.dumps(rows, ensure_ascii=False))
                rows_written += len(rows)
        files = upload_root(info.id)
        for file in sorted(files.rglob("*")) if files.exists() else []:
            if file.is_file():
                archive.write(file, f"uploads/{file.relative_to(files).as_posix()}")
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "slug": info.slug,
            "name": info.name,
            "revision": head_revision(),
            "exported_at": datetime.now(UTC).isoformat(),
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return rows_written


def read_manifest(archive: zipfile.ZipFile) -> dict:
    """The manifest of an export, checked for format and schema revision."""
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as error:
        raise ProvisioningError("not a Gorilla tenant export (manifest.json missing)") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise ProvisioningError("unsupported export format")
    if manifest.get("revision") != head_revision():
        raise ProvisioningError(
            f"export has schema revision {manifest.get('revision')}, this Gorilla needs "
            f"{head_revision()}: migrate the source first"
        )
    return manifest


def _populate_from(archive: zipfile.ZipFile):
    def populate(connection: sa.Connection, info: TenantInfo) -> None:
        for table in TenantModel.metadata.sorted_tables:
            name = f"tables/{table.name}.json"
            if name not in archive.namelist():
                continue
            decoders = {c.name: _decoder(c) for c in table.columns}
            on_import = table.info.get("on_import", lambda row: row)
            rows = [on_import(_decode(row, decoders)) for row in json.loads(archive.read(name))]
            if rows:
                connection.execute(table.insert(), rows)
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection, info)
        restored.append(upload_root(info.id))
        _restore_uploads(archive, restored[0])

    restored: list[Path] = []
    return populate, restored


def _reset_sequences(connection: sa.Connection, info: TenantInfo) -> None:
    """Let every serial id continue after the imported ones.

    The highest id is read first and the sequence set in a statement of its own: on Citus a
    statement that reads a tenant table runs on the tenant's worker, while the sequence that
    hands out ids lives on the coordinator.
    """
    for table in TenantModel.metadata.sorted_tables:
        key = table.primary_key.columns.values()
        if len(key) != 1 or not key[0].autoincrement or key[0].type.python_type is not int:
            continue
        highest = connection.scalar(sa.select(sa.func.coalesce(sa.func.max(key[0]), 0)))
        sequence = sa.func.pg_get_serial_sequence(f'"{info.schema_name}".{table.name}', key[0].name)
        connection.execute(sa.select(sa.func.setval(sequence, highest + 1, False)))


def import_tenant(path: Path, slug: str | None = None) -> TenantInfo:
    """Create a new tenant (``slug`` or the exported one) from the export at ``path``."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise ProvisioningError(f"cannot read {path}: {error}") from error
    with archive:
        manifest = read_manifest(archive)
        populate, restored = _populate_from(archive)
        request = ProvisionRequest(
            slug=slug or manifest["slug"], name=manifest["name"], admin_email="", populate=populate
        )
        try:
            return create_tenant(request)
        except BaseException:
            for folder in restored:
                shutil.rmtree(folder, ignore_errors=True)
            raise


def _restore_uploads(archive: zipfile.ZipFile, target: Path) -> None:
    root = target.resolve()
    for name in archive.namelist():
        if not name.startswith("uploads/") or name.endswith("/"):
            continue
        destination = (target / name.removeprefix("uploads/")).resolve()
        if not destination.is_relative_to(root):
            raise ProvisioningError(f"refusing path outside the upload folder: {name}")
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(archive.read(name))
