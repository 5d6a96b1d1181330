"""The Administration area: forces, partner agencies, units and user accounts."""

from .page import AdministrationPage

__all__ = ["AdministrationPage"]
