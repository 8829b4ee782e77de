"""``/customers``: list, read, create, change (the customer form's rules)."""

from flask import url_for
from sqlalchemy import func, select

from crm.api_keys.models import Scope
from crm.customers.forms import CustomerForm
from crm.customers.models import Customer
from crm.customers.service import FIELDS, save_customer
from gorilla.extensions import db

from .. import schemas
from ..forms import merged, pick, validated
from ..operations import operation
from ..representation import check_if_match, one, page

SHOWN, PATCH = schemas.Customer(), schemas.CustomerPatch()
ITEM = "/customers/<int:customer_id>"


@operation("GET", "/customers", scope=Scope.CUSTOMERS_READ, tag="customers",
           summary="List customers", response=SHOWN, listing=True,
           query=schemas.CustomerFilter())  # fmt: skip
def customers_list(args):
    """Customers in id order; ``active``, part of ``company``."""
    query = select(Customer)
    if "active" in args:
        query = query.where(Customer.active == args["active"])
    if args.get("company"):
        pattern = args["company"].lower()
        query = query.where(func.lower(Customer.company).contains(pattern, autoescape=True))
    return page(SHOWN, query, Customer, args)


@operation("GET", ITEM, scope=Scope.CUSTOMERS_READ, tag="customers", summary="Read a customer",
           response=SHOWN, etag=True)  # fmt: skip
def customers_show(customer_id: int):
    """One customer with its ETag."""
    return one(SHOWN, db.get_or_404(Customer, customer_id))


@operation("POST", "/customers", scope=Scope.CUSTOMERS_WRITE, tag="customers",
           summary="Create a customer", response=SHOWN, body=SHOWN, status=201)  # fmt: skip
def customers_create(data):
    """A new customer (the fields of the customer form)."""
    form = validated(CustomerForm, data)
    customer = save_customer(Customer(), pick(form.data, FIELDS))
    response = one(SHOWN, customer, 201)
    response.headers["Location"] = url_for("api.customers_show", customer_id=customer.id)
    return response


@operation("PATCH", ITEM, scope=Scope.CUSTOMERS_WRITE, tag="customers",
           summary="Change a customer", response=SHOWN, body=PATCH, etag=True)  # fmt: skip
def customers_update(customer_id: int, data):
    """Change the given fields; ``If-Match`` must carry the customer's ETag."""
    customer = db.get_or_404(Customer, customer_id)
    check_if_match(SHOWN, customer)
    form = validated(CustomerForm, merged(PATCH, customer, data))
    save_customer(customer, pick(form.data, FIELDS))
    return one(SHOWN, customer)
