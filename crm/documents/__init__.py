"""What the sales documents (invoices, estimates, credit notes, proposals, contracts) share
beyond their line items (``crm.invoices.lines``): the staff pages' send dialog, draft
deletion and list filters (``pages``), and the services' one-shot claims and emails to the
chosen contacts (``service``). The features import this package; it imports none of them.
"""
