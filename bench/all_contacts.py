"""Benchmark: the all-contacts list with 100 and 20,000 customers (5 contacts each).

Run: ``python bench/all_contacts.py [small large]`` (SQLite in a temporary folder) or with
``GORILLA_BENCH_DATABASE_URL=postgresql+psycopg://…`` on PostgreSQL (tenants it creates are
deleted afterwards). Both tenants are provisioned first, then the sizes take turns in rounds
(``bench.inprocess.compare_interleaved``). Prints the median time per page, the median of the
per-round ratios large/small and the number of SQL statements per request; the target is a
ratio ≤ 1.5 and a constant query count.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.customers import tenant_with_customers  # noqa: E402
from bench.inprocess import compare_interleaved  # noqa: E402
from bench.names import contact_name  # noqa: E402

SIZES = (100, 20_000)
PAGES = {
    "by name": "/admin/contacts",
    "by name, page 3": "/admin/contacts?page=3",
    "by email desc": "/admin/contacts?sort=email&order=desc",
    "by last sign-in": "/admin/contacts?sort=last_login&order=desc",
    "last sign-in asc": "/admin/contacts?sort=last_login&order=asc&page=3",
    "signed in, recent": "/admin/contacts?login=recent&sort=last_login&order=desc",
    "by company": "/admin/contacts?sort=company",
    "active only": "/admin/contacts?active=yes",
    # Searches whose pages show as many rows at both sizes: a word in many names (90 vs 12,751
    # matches), a company word (45 vs 4,855), no hit, one contact's full name (1 vs 1).
    "search common word": "/admin/contacts?q=mann",
    "search company": "/admin/contacts?q=Metallbau",
    "search no hit": "/admin/contacts?q=Xylophon",
}


def prepare(app, slug: str, size: int) -> dict[str, tuple[object, str]]:
    """Provision a tenant with ``size`` customers; the list's pages to time."""
    client = tenant_with_customers(app, slug, size)
    first, rare = contact_name(size // 2, 0)  # a surname from the long tail (bench.names)
    pages = PAGES | {
        "search full name": f"/admin/contacts?q={first}+{rare}",
        # Pages of different lengths: 7 vs 25 rows (of 1,301), 1 vs 25 rows (of 35).
        "search common name": "/admin/contacts?q=Schmidt",
        "search rare name": f"/admin/contacts?q={rare}",
    }
    return {name: (client, path) for name, path in pages.items()}


def main() -> None:
    """Run both sizes (``SIZES`` or the two given on the command line) and compare."""
    sizes = tuple(int(arg) for arg in sys.argv[1:3]) or SIZES
    compare_interleaved(sizes, "allcontacts", prepare)


if __name__ == "__main__":
    main()
