"""Files in and out: Excel returns and imports, printed reports."""
