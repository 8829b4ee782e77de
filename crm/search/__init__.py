"""Global search in the staff header (/admin/search?q=): the sources the features register."""
