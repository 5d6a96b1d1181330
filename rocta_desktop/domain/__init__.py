"""Pure domain floor: enums, value objects and rules. No Qt, no SQL."""
