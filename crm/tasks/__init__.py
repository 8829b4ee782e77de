"""Tasks (optionally in a project) with assignees and a discussion."""
