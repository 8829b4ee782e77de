"""The form of /kunden/login/link."""

from portal.auth.forms import ForgotPasswordForm


class MagicLinkForm(ForgotPasswordForm):
    """``email``, like the forgot-password form."""
