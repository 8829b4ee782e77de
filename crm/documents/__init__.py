"""What the sales documents (invoices, estimates, credit notes, proposals, contracts) share
beyond their line items (``crm.invoices.lines``): the staff pages' list, send dialog and
guarded actions (``pages``), the lists' status and customer filter (``queries``), and the
services' one-shot claims, emails to the chosen contacts and staff to tell (``service``).
The features import this package; it imports none of them.
"""
