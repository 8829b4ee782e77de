"""Staff CRM (/admin): one package per feature."""
