"""URL map of two-factor sign-in in the customer area: /kunden/profil/2fa (refused while staff
are signed in as the contact) and the second step /kunden/login/2fa."""

from flask import Blueprint

from gorilla.two_factor.views import map_pages

bp = Blueprint("two_factor", __name__)

map_pages(
    bp,
    setup="/profil/2fa",
    disable="/profil/2fa/ausschalten",
    renew_recovery_codes="/profil/2fa/wiederherstellungscodes",
    download_recovery_codes="/profil/2fa/wiederherstellungscodes.txt",
    verify="/login/2fa",
)
