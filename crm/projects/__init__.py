"""Projects of a customer, with what the customer may see of their tasks."""
