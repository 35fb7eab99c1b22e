"""Project-wide tests: settings, scaffold and startmodule, layout, migrations, imports."""
