"""Printed reports (reportlab): assessment packs, T&CG packs, regional threat profiles."""
