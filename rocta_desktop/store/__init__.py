"""Storage floor: SQLCipher engine, key slots, ORM models and the migration runner."""
