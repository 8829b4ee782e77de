"""A contact's own profile: details, picture, direction, password, notifications."""
