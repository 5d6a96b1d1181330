"""The Tasking area: priority list, tasking board, T&CG meetings, capacity and demand."""

from .page import TaskingPage

__all__ = ["TaskingPage"]
