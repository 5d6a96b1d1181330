"""Register screens: groups, nominals, vulnerabilities (table, filters, record editor)."""
