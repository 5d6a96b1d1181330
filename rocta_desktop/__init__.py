"""ROCTA Desktop: Regional Organised Crime Threat Assessment for analysts on air-gapped workstations."""

__version__ = "0.1.0"
APP_NAME = "ROCTA Desktop"
ORG_NAME = "ROCTA"
