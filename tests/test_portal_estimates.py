"""Estimates in the customer area: list and page without drafts, PDF, accept with a drawn
signature, decline, once only and race-safe; 404 for others' estimates, 403 without the
permission."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from crm.estimates.models import EstimateStatus
from gorilla.extensions import db
from gorilla.storage import upload_path
from mail_templates.models import OutboxMessage
from tests.conftest import run_together
from tests.crm_factories import in_tenant
from tests.estimate_helpers import contact_client, customers, estimate, load, signature_url
from tests.portal_helpers import make_contact

SIGNED = {"firstname": "Kim", "lastname": "Kunde", "email": "kim@kunde.de"}


@pytest.fixture
def people(app, tenant):
    return customers(app, tenant)


@pytest.fixture
def kim(app, tenant, people):
    return contact_client(app, tenant.slug, "kim@kunde.de")


def _accept(client, estimate_id, **data):
    path = f"/kunden/angebote/{estimate_id}"
    return client.submit(
        f"{path}/annehmen",
        SIGNED | {"signature": signature_url()} | data,
        form_path="/kunden/profil",
    )


def _decline(client, estimate_id, reason=""):
    return client.submit(
        f"/kunden/angebote/{estimate_id}/ablehnen", {"reason": reason}, form_path="/kunden/profil"
    )


def _staff_mails(app, tenant):
    with in_tenant(app, tenant):
        return [
            (m.to_email, m.template_slug)
            for m in db.session.scalars(select(OutboxMessage))
            if m.template_slug.startswith("staff-")
        ]


def test_customer_sees_sent_estimates_but_never_drafts(app, tenant, people, kim):
    draft = estimate(app, tenant, people[0], sent=False)
    sent = estimate(app, tenant, people[0], contact_ids=[people[1]])
    listing = kim.get("/kunden/angebote").get_data(as_text=True)
    assert load(app, tenant, sent).number in listing
    assert load(app, tenant, draft).number not in listing
    assert kim.get(f"/kunden/angebote/{draft}").status_code == 404
    assert kim.get(f"/kunden/angebote/{draft}/pdf").status_code == 404
    page = kim.get(f"/kunden/angebote/{sent}").get_data(as_text=True)
    assert "Angebot annehmen" in page and "data-signature-pad" in page
    pdf = kim.get(f"/kunden/angebote/{sent}/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_start_page_shows_estimates_awaiting_an_answer(app, tenant, people, kim):
    open_one = estimate(app, tenant, people[0], contact_ids=[people[1]])
    home = kim.get("/kunden/").get_data(as_text=True)
    assert "Angebote, die auf Ihre Antwort warten" in home
    assert load(app, tenant, open_one).number in home


def test_first_view_is_written_to_the_history_once(app, tenant, people, kim):
    estimate_id = estimate(app, tenant, people[0], contact_ids=[people[1]])
    kim.get(f"/kunden/angebote/{estimate_id}")
    kim.get(f"/kunden/angebote/{estimate_id}")
    events = [line.event for line in load(app, tenant, estimate_id).history]
    assert events.count("viewed") == 1


def test_accepting_records_the_signature_and_tells_staff(app, tenant, people, kim, staff_client):
    estimate_id = estimate(app, tenant, people[0], contact_ids=[people[1]])
    response = _accept(kim, estimate_id)
    assert response.status_code == 303
    stored = load(app, tenant, estimate_id)
    assert stored.status == EstimateStatus.ACCEPTED
    assert stored.signed_name == "Kim Kunde" and stored.signed_email == "kim@kunde.de"
    assert stored.signed_ip and stored.signed_at and stored.signature_file
    with in_tenant(app, tenant):
        assert upload_path(stored.signature_file).read_bytes().startswith(b"\x89PNG")
    assert _staff_mails(app, tenant) == [(f"admin@{tenant.slug}.test", "staff-estimate-accepted")]
    page = kim.get(f"/kunden/angebote/{estimate_id}").get_data(as_text=True)
    assert "Unterschrieben von Kim Kunde" in page and "Angebot annehmen" not in page
    assert kim.get(f"/kunden/angebote/{estimate_id}/signatur").data.startswith(b"\x89PNG")
    staff_page = staff_client.get(f"/admin/estimates/{estimate_id}").get_data(as_text=True)
    assert (
        "Angenommen" in staff_page and "Unterschrieben von Kim Kunde (kim@kunde.de)" in staff_page
    )
    signature = staff_client.get(f"/admin/estimates/{estimate_id}/signature")
    assert signature.data.startswith(b"\x89PNG")
    pdf = kim.get(f"/kunden/angebote/{estimate_id}/pdf")
    assert pdf.status_code == 200 and b"/Subtype /Image" in pdf.data


@pytest.mark.parametrize(
    "data, error",
    [
        ({"signature": ""}, "Bitte unterschreiben Sie im Feld."),
        ({"signature": "data:image/png;base64,AAAA"}, "kein gültiges Bild"),
        ({"firstname": ""}, "Bitte geben Sie den Vornamen ein."),
        ({"email": "keine-adresse"}, "E-Mail"),
        ({"lastname": "x\x00y"}, "Steuerzeichen"),
    ],
)
def test_invalid_acceptance_is_refused_with_the_reason(app, tenant, people, kim, data, error):
    estimate_id = estimate(app, tenant, people[0], contact_ids=[people[1]])
    response = _accept(kim, estimate_id, **data)
    assert response.status_code == 400
    assert error in response.get_data(as_text=True)
    assert load(app, tenant, estimate_id).status == EstimateStatus.SENT


def test_declining_with_a_reason_tells_staff_and_cannot_be_repeated(app, tenant, people, kim):
    estimate_id = estimate(app, tenant, people[0], contact_ids=[people[1]])
    assert _decline(kim, estimate_id, "Zu teuer").status_code == 303
    stored = load(app, tenant, estimate_id)
    assert stored.status == EstimateStatus.DECLINED and stored.declined_reason == "Zu teuer"
    assert _staff_mails(app, tenant) == [(f"admin@{tenant.slug}.test", "staff-estimate-declined")]
    # answered: neither accept nor decline changes anything any more
    assert _accept(kim, estimate_id).status_code == 303
    assert _decline(kim, estimate_id, "anders").status_code == 303
    stored = load(app, tenant, estimate_id)
    assert stored.status == EstimateStatus.DECLINED and stored.declined_reason == "Zu teuer"
    assert not stored.is_signed
    assert len(_staff_mails(app, tenant)) == 1


def test_expired_estimate_cannot_be_accepted(app, tenant, people, kim):
    estimate_id = estimate(
        app, tenant, people[0], issued=date.today() - timedelta(days=40), contact_ids=[people[1]]
    )
    page = kim.get(f"/kunden/angebote/{estimate_id}").get_data(as_text=True)
    assert "abgelaufen" in page and "Angebot annehmen" not in page
    response = _accept(kim, estimate_id)
    assert response.status_code == 303
    assert load(app, tenant, estimate_id).status == EstimateStatus.SENT
    assert "kann nicht mehr angenommen werden" in kim.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_double_submission_in_two_tabs_gives_one_acceptance(app, tenant, people):
    estimate_id = estimate(app, tenant, people[0], contact_ids=[people[1]])
    tabs = [contact_client(app, tenant.slug, "kim@kunde.de") for _ in range(2)]
    tokens = [tab.csrf("/kunden/profil") for tab in tabs]
    data = SIGNED | {"signature": signature_url()}
    results = run_together(
        *[
            lambda tab=tab, token=token: (
                tab.post(
                    f"/kunden/angebote/{estimate_id}/annehmen", data=data | {"csrf_token": token}
                ).status_code
            )
            for tab, token in zip(tabs, tokens, strict=True)
        ]
    )
    assert results == [303, 303]
    stored = load(app, tenant, estimate_id)
    assert stored.status == EstimateStatus.ACCEPTED
    assert [line.event for line in stored.history].count("accepted") == 1
    assert len(_staff_mails(app, tenant)) == 1


def test_accept_and_decline_racing_give_one_answer(app, tenant, people):
    estimate_id = estimate(app, tenant, people[0], contact_ids=[people[1]])
    make_contact(app, tenant, "lea@kunde.de", permissions=["estimates"])
    kim = contact_client(app, tenant.slug, "kim@kunde.de")
    lea = contact_client(app, tenant.slug, "lea@kunde.de")
    kim_token, lea_token = kim.csrf("/kunden/profil"), lea.csrf("/kunden/profil")
    run_together(
        lambda: kim.post(
            f"/kunden/angebote/{estimate_id}/annehmen",
            data=SIGNED | {"signature": signature_url(), "csrf_token": kim_token},
        ),
        lambda: lea.post(
            f"/kunden/angebote/{estimate_id}/ablehnen", data={"csrf_token": lea_token}
        ),
    )
    stored = load(app, tenant, estimate_id)
    events = [line.event for line in stored.history]
    assert stored.status in (EstimateStatus.ACCEPTED, EstimateStatus.DECLINED)
    assert events.count("accepted") + events.count("declined") == 1
    assert stored.is_signed == (stored.status == EstimateStatus.ACCEPTED)


def test_another_customers_estimate_is_404_on_every_route(app, tenant, people):
    estimate_id = estimate(app, tenant, people[0], contact_ids=[people[1]])
    eva = contact_client(app, tenant.slug, "eva@andere.de")
    _assert_hidden(app, tenant, eva, estimate_id)


def test_another_tenants_contact_gets_404_on_every_route(app, tenant, other_tenant, people):
    estimate_id = estimate(app, tenant, people[0], contact_ids=[people[1]])
    make_contact(app, other_tenant, "kim@kunde.de", permissions=["estimates"])
    stranger = contact_client(app, other_tenant.slug, "kim@kunde.de")
    _assert_hidden(app, tenant, stranger, estimate_id)


def _assert_hidden(app, tenant, client, estimate_id):
    base = f"/kunden/angebote/{estimate_id}"
    for path in (base, f"{base}/pdf", f"{base}/signatur"):
        assert client.get(path).status_code == 404, path
    assert _accept(client, estimate_id).status_code == 404
    assert _decline(client, estimate_id).status_code == 404
    assert load(app, tenant, estimate_id).status == EstimateStatus.SENT


def test_contact_without_estimates_permission_gets_403_everywhere(app, tenant, people):
    estimate_id = estimate(app, tenant, people[0], contact_ids=[people[1]])
    paul = contact_client(app, tenant.slug, "paul@kunde.de")
    base = f"/kunden/angebote/{estimate_id}"
    for path in ("/kunden/angebote", base, f"{base}/pdf", f"{base}/signatur"):
        assert paul.get(path).status_code == 403, path
    assert _accept(paul, estimate_id).status_code == 403
    assert _decline(paul, estimate_id).status_code == 403
    assert "Angebote" not in paul.get("/kunden/").get_data(as_text=True)


def test_accept_without_csrf_token_is_refused(app, tenant, people, kim):
    estimate_id = estimate(app, tenant, people[0], contact_ids=[people[1]])
    response = kim.post(
        f"/kunden/angebote/{estimate_id}/annehmen", data=SIGNED | {"signature": signature_url()}
    )
    assert response.status_code == 400
    assert load(app, tenant, estimate_id).status == EstimateStatus.SENT


def test_staff_signed_in_as_the_contact_cannot_answer_for_it(app, tenant, people, staff_client):
    from tests.test_sign_in_as_contact import login_as

    kunde, kim_id, _ole, _andere = people
    estimate_id = estimate(app, tenant, kunde, contact_ids=[kim_id])
    assert login_as(staff_client, kim_id).status_code == 303
    refused = _accept(staff_client, estimate_id)
    assert refused.status_code == 403
    assert "nicht in dessen Namen annehmen" in refused.get_data(as_text=True)
    assert _decline(staff_client, estimate_id, "Zu teuer").status_code == 403
    assert load(app, tenant, estimate_id).status == EstimateStatus.SENT
