"""Hostile input through every URL rule and every form of all three areas never answers 5xx.

Seeded and bounded: the same few hundred requests on every run, on SQLite and PostgreSQL.
"""

import io
import random
import re
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urlsplit

import pytest

import mail_templates
from gorilla.extensions import db
from tests.conftest import PASSWORD, client_for
from tests.factories import contact, in_tenant
from tests.portal_helpers import CONTACT_PASSWORD, make_contact
from tests.work_helpers import add_project, add_task

SEED = 12
# Rules the fuzzer leaves alone: signing out would end the session it fuzzes with.
# (No rule deletes a tenant; one that did would be listed here too.)
SKIPPED = {  # they end the fuzzer's own session
    "admin.staff.logout",
    "portal.auth.logout",
    "admin.staff.end_device",
    "admin.staff.end_all_devices",
    "portal.profile.end_device",
    "portal.profile.end_all_devices",
}
HOSTILE_IDS = ("0", "-1", "2147483648", "3000000000", "9223372036854775808", "1" * 20)
HOSTILE_NUMBERS = (
    "99999999999999999999", "-99999999999999999999", "2147483648", "1e400", "-1e-400", "NaN",
    "sNaN", "Infinity", "-0", "9999999999,99", "1,5", "١٢٣",
)  # fmt: skip
HOSTILE_VALUES = (
    *HOSTILE_NUMBERS, "\x00", "a\x00b", "\x01\x02\x1b[31m\x7f", "\x85\x9f", "\t\r\n", "", " ",
    "2024-02-30", "' OR 1=1 --", "<script>alert(1)</script>", "{contact_firstname}",
    "{{ 7 * 7 }}", "%(x)s", "😀" * 40, "x" * 3000, "admin@acme.test\x00", "../../etc/passwd",
)  # fmt: skip
TYPED = ("text", "number", "textarea")  # fields a user types into (not chosen from a list)
NUMBER = re.compile(r"-?[\d.,]+")
ALPHABET = "aZ0 9_-.,@:/%\x00\x01\x08\x0b\x1f\x7fäß€😀\u202e\ufeff\n"
QUERY_NAMES = (
    "page", "q", "status", "customer", "project", "assignee", "customer_id", "project_id",
    "next", "lang", "subdomain", "agency_name",
)  # fmt: skip
PLAUSIBLE = (
    ("date", "2026-03-01"), ("email", "neu@kunde.test"), ("qty", "1"), ("rate", "10"),
    ("amount", "5"), ("password", "ein-langes-passwort"), ("subdomain", "neuagentur"),
)  # fmt: skip
NUL_QUERY = urlencode([(name, "1\x00\x1b") for name in QUERY_NAMES])
CONVERTER = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


class FormParser(HTMLParser):
    """The POST forms of a page: action and (name, kind, value) of each control."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        form = self.forms[-1] if self.forms else None
        if tag == "form":
            self.forms.append(
                {"action": attrs.get("action"), "post": attrs.get("method") == "post"}
            )
            self.forms[-1]["fields"] = []
        elif form is not None and attrs.get("name"):
            if tag in ("input", "button", "textarea"):
                kind = attrs.get("type", "text") if tag == "input" else tag
                form["fields"].append((attrs["name"], kind, attrs.get("value") or ""))
            elif tag == "select":
                self._select = attrs["name"]
                form["fields"].append((self._select, "select", ""))
        if tag == "option" and form is not None and self._select:
            form["fields"].append((self._select, "option", attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def post_forms(html: str) -> list[dict]:
    """The forms of ``html`` that POST."""
    parser = FormParser()
    parser.feed(html)
    return [form for form in parser.forms if form["post"]]


class Fuzzer:
    """Sends seeded hostile requests through one client and records every 5xx."""

    def __init__(self, client, rng: random.Random, real: dict[str, str]):
        self.client, self.rng, self.real = client, rng, real
        self.failures: list[str] = []
        self.token = ""
        self.forms_filled = 0

    def text(self) -> str:
        """A hostile value: a known troublemaker or random characters."""
        if self.rng.random() < 0.6:
            return self.rng.choice(HOSTILE_VALUES)
        return "".join(self.rng.choice(ALPHABET) for _ in range(self.rng.randint(1, 30)))

    def request(self, method: str, url: str, **kwargs):
        """Send one request; a 5xx or an exception is recorded, never raised."""
        try:
            response = self.client.open(url, method=method, **kwargs)
        except Exception as error:  # noqa: BLE001 - the app raised: that is the 500 to report
            self.failures.append(f"{method} {url!r} {kwargs.get('data')!r}: {error!r}")
            return None
        if response.status_code >= 500:
            self.failures.append(f"{method} {url!r} {kwargs.get('data')!r}: {response.status}")
        response.get_data()
        response.close()
        html = response.text if response.mimetype == "text/html" else ""
        match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
        if match:
            self.token = match.group(1)
        return response

    def url(self, rule, hostile: bool) -> str | None:
        """The rule's path with every converter filled (hostile values, or the world's records)."""

        def fill(match):
            converter, arguments, name = match.groups()
            if converter == "any":
                return self.rng.choice(arguments.replace(" ", "").split(","))
            if not hostile and name in self.real:
                return self.real[name]
            if converter == "int":
                return self.rng.choice(HOSTILE_IDS)
            return quote(self.text(), safe="")

        path = CONVERTER.sub(fill, rule.rule)
        return None if CONVERTER.search(path) else path

    def query(self) -> str:
        """A query string of hostile values for the parameters the views read."""
        names = self.rng.sample(QUERY_NAMES, self.rng.randint(1, 4))
        return urlencode([(name, self.text()) for name in names])

    def walk(self, rules) -> None:
        """Each rule once with hostile converters and query string: GET, and POST with a token."""
        for rule in rules:
            path = self.url(rule, hostile=True)
            if "GET" in rule.methods:
                self.request("GET", f"{path}?{self.query()}")
            if "POST" in rule.methods:
                self.request("POST", path, data={"csrf_token": self.token, "x": self.text()})

    def forms(self, rules) -> None:
        """Open the rules' pages (real records, NUL in every query parameter), fill every form
        on them with hostile values and POST it."""
        found = []
        for rule in rules:
            path = self.url(rule, hostile=False)
            if not path or "GET" not in rule.methods:
                continue
            response = self.request("GET", f"{path}?{NUL_QUERY}")
            if response is not None and response.mimetype == "text/html":
                found += [(path, form) for form in post_forms(response.text)]
        found = [(path, form) for path, form in found if not self.skipped(form["action"] or path)]
        # Forms that switch records off or delete them go last, so the others still find them.
        found.sort(
            key=lambda item: any(w in (item[1]["action"] or "") for w in ("/active", "/delete"))
        )
        self.forms_filled += len(found)
        for path, form in found:
            for mode in ("nul", "numbers", "one", "random"):
                data = self.payload(form["fields"], mode)
                self.request("POST", form["action"] or path, data=data)

    def skipped(self, path: str) -> bool:
        """Whether ``path`` is the URL of a SKIPPED rule."""
        adapter = self.client.application.url_map.bind("localhost")
        return adapter.match(urlsplit(path).path, method="POST")[0] in SKIPPED

    def payload(self, fields, mode: str) -> dict:
        """Values for the form's fields; every field keeps a plausible value, and then
        ``nul``: each gets a NUL byte and an escape appended (validation reaches the database);
        ``numbers``: each typed number (amounts) gets a huge, negative or not-a-number value;
        ``one``: one field gets a hostile value; ``random``: fields are kept, replaced,
        repeated or get a file of noise at random."""
        options: dict[str, list[str]] = {}
        for name, _kind, value in fields:
            options.setdefault(name, []).append(value)
        names = [name for name, kind, _value in fields if name != "csrf_token" and kind != "file"]
        target = self.rng.choice(names) if names else None
        data: dict = {}
        for name, kind, _value in fields:
            if name in data:
                continue
            keep = plausible(name, self.rng.choice([v for v in options[name] if v] or [""]))
            if name == "csrf_token":
                data[name] = self.token
            elif kind == "file":
                noise = self.rng.randbytes(64) if mode == "random" else b""
                data[name] = (io.BytesIO(noise), "bild.png" if noise else "")
            elif mode == "nul":
                data[name] = f"{keep}\x00\x1b"
            elif mode == "numbers" and kind in TYPED and NUMBER.fullmatch(keep):
                data[name] = self.rng.choice(HOSTILE_NUMBERS)
            elif mode in ("numbers", "one"):
                data[name] = self.text() if name == target and mode == "one" else keep
            elif self.rng.random() < 0.3:
                data[name] = keep
            elif self.rng.random() < 0.2:
                data[name] = [self.text(), self.text(), keep]
            else:
                data[name] = self.text()
        if mode == "random":
            data[self.text()[:10] or "extra"] = self.text()
        return data


def plausible(name: str, value: str) -> str:
    """``value``, or for an empty field one a user might type (so validation goes deep)."""
    return value or next((text for part, text in PLAUSIBLE if part in name), "Ab")


@pytest.fixture
def world(app, tenant):
    """Records for every converter: customer, contact, project, task, invoice, staff, email."""
    customer_id, contact_id = make_contact(app, tenant, "kim@kunde.de")
    project_id = add_project(app, tenant, customer_id)
    task_id = add_task(app, tenant, project_id, "Startseite", visible_to_customer=True)
    staff = client_for(app, tenant.slug)
    staff.sign_in(f"admin@{tenant.slug}.test", PASSWORD)
    invoice = staff.submit(
        "/admin/invoices/new",
        {"customer_id": customer_id, "date": "2026-03-01", "duedate": "2026-03-15",
         "items-0-description": "Webdesign", "items-0-qty": "2", "items-0-rate": "95,50",
         "items-0-taxrate": "19"},
    )  # fmt: skip
    invoice_id = invoice.headers["Location"].rsplit("/", 1)[1]
    staff.submit(f"/admin/invoices/{invoice_id}/send", {"contact_ids": contact_id})
    member = staff.submit(
        "/admin/staff/new",
        {"first_name": "Bea", "last_name": "Büro", "email": "bea@acme.test", "password": PASSWORD},
    )
    with in_tenant(app, tenant):
        message = mail_templates.send("contact-welcome", to=contact(email="k@kunde.test"))
        db.session.commit()
        message_id = message.id
    return {
        "customer_id": str(customer_id), "contact_id": str(contact_id),
        "project_id": str(project_id), "task_id": str(task_id), "invoice_id": invoice_id,
        "staff_id": member.headers["Location"].rsplit("/", 1)[1], "message_id": str(message_id),
        "slug": "contact-welcome", "token": "x", "filename": "gorilla.css",
    }  # fmt: skip


def rules_of(app, prefix: str | None):
    """The app's rules under ``prefix`` (None: those of neither area), minus SKIPPED."""
    areas = ("/admin", "/kunden")
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        inside = rule.rule.startswith(prefix) if prefix else not rule.rule.startswith(areas)
        if inside and rule.endpoint not in SKIPPED:
            yield rule


def fuzz(client, world, rules, seed: int = SEED) -> Fuzzer:
    """Fill the forms of ``rules``, then walk them, through ``client``."""
    fuzzer = Fuzzer(client, random.Random(seed), world)
    rules = list(rules)
    fuzzer.forms(rules)
    fuzzer.walk(rules)
    return fuzzer


def test_fuzzing_the_staff_area_never_answers_5xx(app, world):
    client = client_for(app, "acme")
    client.sign_in("admin@acme.test", PASSWORD)
    fuzzer = fuzz(client, world, rules_of(app, "/admin"))
    assert not fuzzer.failures, "\n".join(fuzzer.failures)
    assert fuzzer.forms_filled >= 20  # signed in all along: the forms of every page were found


def test_fuzzing_the_customer_area_never_answers_5xx(app, world):
    client = client_for(app, "acme")
    client.sign_in("kim@kunde.de", CONTACT_PASSWORD, path="/kunden/login")
    fuzzer = fuzz(client, world, rules_of(app, "/kunden"))
    assert not fuzzer.failures, "\n".join(fuzzer.failures)
    assert fuzzer.forms_filled >= 4


def test_fuzzing_signed_out_never_answers_5xx(app, world):
    tenant_host, platform_host = client_for(app, "acme"), client_for(app, None)
    fuzzers = [
        fuzz(tenant_host, world, rules_of(app, "/admin")),
        fuzz(tenant_host, world, rules_of(app, "/kunden")),
        fuzz(platform_host, world, rules_of(app, None)),
    ]
    failures = [failure for fuzzer in fuzzers for failure in fuzzer.failures]
    assert not failures, "\n".join(failures)
    assert all(fuzzer.forms_filled for fuzzer in fuzzers)  # sign-in, forgot password, sign-up
