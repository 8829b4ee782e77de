"""Customer area: the customer's projects, their visible tasks and the task discussion."""
