"""The GUI's shared kit: fields, forms, tables, the audit history table and the PDF preview that
every feature's screens are built from. Features import the kit (and gui/ modules such as widgets,
tables and style), never each other: a feature opens another's screens through the main window."""
