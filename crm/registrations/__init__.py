"""Customer self-registration, staff side: the setting, approval and rejection, notices."""
