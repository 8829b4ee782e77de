"""Benchmark: global search (/admin/search?q=) with 100 and 20,000 customers (5 contacts each).

Run: ``python bench/search.py`` (SQLite in a temporary folder) or with
``GORILLA_BENCH_DATABASE_URL=postgresql+psycopg://…`` on PostgreSQL (tenants it creates are
deleted afterwards). Names come from ``bench.names`` (varied German names, as a real tenant
has). The customers are inserted through Core, so the search index is rebuilt with
``gorilla.search.reindex`` (what ``gorilla tenants reindex`` does). Both tenants are
provisioned first, then the sizes take turns in rounds (``bench.inprocess.compare_interleaved``).
Prints the median time per search, the median of the per-round ratios large/small and the SQL
statements per request; the target is a ratio ≤ 1.5, a constant query count and < 50 ms at
20,000 customers.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import g  # noqa: E402

from bench.crm_data import analyze, bulk_customers  # noqa: E402
from bench.inprocess import compare_interleaved, provision, signed_in  # noqa: E402
from bench.names import contact_name  # noqa: E402
from gorilla.extensions import db  # noqa: E402
from gorilla.search import reindex  # noqa: E402

SIZES = (100, 20_000)


def prepare(app, slug: str, size: int) -> dict[str, tuple[object, str]]:
    """Provision a tenant with ``size`` customers and index them; the searches to time."""
    info = provision(app, slug)
    with app.app_context():
        started = time.perf_counter()
        bulk_customers(info, size)
        g.tenant = info
        entries = reindex(db.session)
        db.session.commit()
        db.session.remove()
        analyze(info)
        elapsed = time.perf_counter() - started
        print(f"  {size:>6} customers, {entries} index entries in {elapsed:.1f} s")
    client = signed_in(app, slug, f"admin@{slug}.example")
    middle = size // 2
    first, last = contact_name(middle, 0)
    searches = {
        "VAT ID": f"DE{middle:09d}",
        "contact name": f"{first}+{last}",
        "rare surname": last,
        "common surname": "Schmidt",
        "one broad word": "GmbH",
        "broad words": f"{first}+k0.c{middle}",
        "no hit": "Xylophon",
        # Trigram (PostgreSQL); SQLite finds nothing: a rare and a common name misspelt.
        "name with a typo": "Papadopolous",
        "typo, broad": "Schmitd",
    }
    return {name: (client, f"/admin/search?q={query}") for name, query in searches.items()}


def main() -> None:
    """Run both sizes and print the comparison."""
    compare_interleaved(SIZES, "search", prepare)


if __name__ == "__main__":
    main()
