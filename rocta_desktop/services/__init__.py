"""Use cases. Every write runs inside one unit of work that also writes its audit events."""
