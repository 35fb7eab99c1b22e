"""The logic behind the template's hooks, importable and unit-tested."""
