"""`python manage.py <command>` entries of the project package."""
