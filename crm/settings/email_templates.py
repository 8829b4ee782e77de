"""Settings › E-Mail Templates: list, edit, live preview, reset to default (admins only)."""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from crm.access import admin_required
from mail_templates.catalog import SPECS
from mail_templates.editor import get_template, list_templates, preview, save_template
from mail_templates.seeding import reset_to_default

from .forms import EmailTemplateForm


def _template_or_404(slug: str, lang: str):
    template = get_template(slug, lang)
    if template is None:
        abort(404)
    return template


@admin_required
def email_templates():
    """All templates, grouped by who receives them."""
    return render_template(
        "settings/email_templates.html",
        groups=list_templates(),
        specs=SPECS,
    )


@admin_required
def email_template_edit(slug: str, lang: str):
    """Edit subject, body and active switch; invalid input re-renders with the errors."""
    template = _template_or_404(slug, lang)
    spec = SPECS[slug]
    form = EmailTemplateForm(
        spec,
        data={"subject": template.subject, "body": template.body_html, "active": template.active},
    )
    if form.validate_on_submit():
        save_template(template, form.subject.data, form.body.data, form.active.data)
        flash(_("The email template has been saved."), "success")
        return redirect(url_for("admin.settings.email_template_edit", slug=slug, lang=lang), 303)
    shown = preview(spec, lang, form.subject.data or "", form.body.data or "")
    return render_template(
        "settings/email_template_edit.html",
        form=form,
        spec=spec,
        template=template,
        shown=shown,
    )


@admin_required
def email_template_preview(slug: str, lang: str):
    """JSON preview of the posted (unsaved) subject and body with sample data."""
    _template_or_404(slug, lang)
    shown = preview(
        SPECS[slug], lang, request.form.get("subject", ""), request.form.get("body", "")
    )
    return jsonify(subject=shown.subject, html=shown.html, text=shown.text)


@admin_required
def email_template_reset(slug: str, lang: str):
    """Put the shipped subject and content back."""
    reset_to_default(_template_or_404(slug, lang))
    flash(_("The template has been reset to the default."), "success")
    return redirect(url_for("admin.settings.email_template_edit", slug=slug, lang=lang), 303)
