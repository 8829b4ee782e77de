"""The staff page and the links of Gorilla's navigation (all but the page are trivial)."""

from django.http import HttpResponse
from django.urls import path

from djbench.views import staff_list

NAV = ["dashboard", "customers", "projects", "tasks", "invoices", "settings", "profile", "logout"]


def _placeholder(_request):
    return HttpResponse("ok")


urlpatterns = [
    path("admin/staff", staff_list, name="staff_list"),
    path("healthz", _placeholder, name="healthz"),
    path("admin/staff/new", _placeholder, name="staff_new"),
    path("admin/staff/<int:staff_id>", _placeholder, name="staff_detail"),
    *(path(f"admin/{name}", _placeholder, name=name) for name in NAV),
]
