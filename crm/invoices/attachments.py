"""A document's PDF as the attachment of its email (invoice, estimate, credit note sent)."""

from collections.abc import Callable

import mail_templates

from .pdf import invoice_pdf


def pdf_attachments(
    document, render: Callable[..., bytes] = invoice_pdf, attach: bool = True
) -> tuple[mail_templates.Attachment, ...]:
    """``document``'s PDF (an invoice, or what ``render`` draws), drawn now and named
    ``<number>.pdf``; nothing unless ``attach``. Raises ``mail_templates.NotQueued`` when it is
    over the size limit of an email (before the caller changed anything)."""
    if not attach:
        return ()
    pdf = mail_templates.Attachment(f"{document.number}.pdf", mail_templates.PDF, render(document))
    return mail_templates.checked_attachments([pdf])
