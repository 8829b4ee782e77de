"""The benchmarked page: the signed-in staff list of one tenant."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db import connection
from django.shortcuts import render

ROWS = 25


@login_required
def staff_list(request):
    """25 users of the request's tenant, rendered like Gorilla's ``/admin/staff``."""
    members = User.objects.order_by("last_name", "first_name", "id")[:ROWS]
    return render(request, "staff_list.html", {"members": members, "tenant": connection.tenant})
