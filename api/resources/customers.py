"""``/customers``: list (by ``active``, part of ``company``), read, create, change — the
customer form's rules and ``crm.customers.service``."""

from sqlalchemy import Select, func

from crm.api_keys.models import Scope
from crm.customers.forms import CustomerForm
from crm.customers.models import Customer
from crm.customers.service import FIELDS, save_customer

from .. import schemas
from ..crud import Resource, declare


def _company(query: Select, args: dict) -> Select:
    if not args.get("company"):
        return query
    pattern = args["company"].lower()
    return query.where(func.lower(Customer.company).contains(pattern, autoescape=True))


declare(Resource(
    "customers", "customer", Customer, schemas.Customer(), schemas.CustomerFilter(),
    Scope.CUSTOMERS_READ, equal=("active",), narrow=_company,
    write_scope=Scope.CUSTOMERS_WRITE, patch=schemas.CustomerPatch(), form=CustomerForm,
    save=save_customer, written=FIELDS,
))  # fmt: skip
