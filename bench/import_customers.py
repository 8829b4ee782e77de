"""Benchmark: the customer import (/admin/import/customers) with 1,000 and 10,000 rows.

Run: ``python bench/import_customers.py`` (SQLite in a temporary folder) or with
``GORILLA_BENCH_DATABASE_URL=postgresql+psycopg://…`` on PostgreSQL (tenants it creates are
deleted afterwards). Each row is one contact; two contacts share a customer. The file goes
through the real pages, as a staff member's browser sends it: upload (decode, sniff, keep),
preview (check every row against the tenant) and confirm (bulk insert of customers, contacts
and their search entries). Prints the seconds of each step, rows per second and the ratio
10,000/1,000 (linear would be 10); the target is "well under a minute" for 10,000 rows.
"""

import io
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import g  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bench.inprocess import bench_app, provision, remove_tenants, signed_in  # noqa: E402
from crm.contacts.models import Contact  # noqa: E402
from gorilla.extensions import db  # noqa: E402
from gorilla.search import SearchEntry  # noqa: E402

SIZES = (1_000, 10_000)
IMPORT = "/admin/import/customers"


def csv_file(rows: int) -> bytes:
    """``rows`` contacts, two per customer, in Excel's Windows-1252 with semicolons."""
    lines = ["Firma;USt-IdNr.;Telefon;Adresse;PLZ;Ort;Land;Vorname;Nachname;Position;E-Mail"]
    for number in range(rows):
        company = number // 2
        lines.append(
            f"Bäckerei {company:05d} GmbH;DE{company:09d};+49 30 {company};Hauptstraße {number};"
            f"{10000 + company % 89999};Köln;Deutschland;Jörg{number};Müller{number};"
            f"Geschäftsführung;kontakt{number}@baeckerei{company}.de"
        )
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def timed(call):
    started = time.perf_counter()
    response = call()
    return time.perf_counter() - started, response


def run_size(app, slug: str, rows: int) -> dict[str, float]:
    """Upload, preview and confirm a file of ``rows`` rows; seconds per step."""
    info = provision(app, slug)
    client = signed_in(app, slug, f"admin@{slug}.example")
    content = csv_file(rows)
    base = {"base_url": client.base_url}
    upload, response = timed(
        lambda: client.post(IMPORT, data={"file": (io.BytesIO(content), "kunden.csv")}, **base)
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    preview_path = re.sub(r"^https?://[^/]+", "", response.headers["Location"])
    preview, response = timed(lambda: client.get(preview_path, **base))
    assert response.status_code == 200 and b"Jetzt importieren" in response.data
    confirm, response = timed(lambda: client.post(f"{preview_path}/confirm", data={}, **base))
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    with app.app_context():
        g.tenant = info
        contacts = db.session.scalar(select(func.count()).select_from(Contact))
        entries = db.session.scalar(select(func.count()).select_from(SearchEntry))
        db.session.remove()
    assert contacts == rows and entries == rows + rows // 2, (contacts, entries)
    print(f"  {rows:>6} rows ({len(content) / 1e6:.1f} MB): {contacts} contacts, "
          f"{entries} search entries")  # fmt: skip
    return {"upload": upload, "preview": preview, "confirm": confirm}


def main() -> None:
    """Both sizes on a fresh app; print a table."""
    app = bench_app()
    slugs = {rows: f"import{rows}" for rows in SIZES}
    try:
        results = {rows: run_size(app, slugs[rows], rows) for rows in SIZES}
    finally:
        remove_tenants(app, slugs.values())
    small, large = SIZES
    rate = f"rows/s at {large}"
    print(f"{'step':<10}{small:>10} rows{large:>11} rows{'ratio':>8}{rate:>18}")
    for step in (*results[small], "total"):
        if step == "total":
            t_small, t_large = (sum(results[size].values()) for size in SIZES)
        else:
            t_small, t_large = results[small][step], results[large][step]
        print(
            f"{step:<10}{t_small:>12.2f} s{t_large:>13.2f} s{t_large / t_small:>8.1f}"
            f"{large / t_large:>18,.0f}"
        )


if __name__ == "__main__":
    main()
