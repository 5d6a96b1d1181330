"""The Reports area: the Excel return, spreadsheet imports (and, later, printed packs)."""
