"""Two-factor sign-in on the staff side: own pages, admins' reset, Einstellungen › Sicherheit."""
