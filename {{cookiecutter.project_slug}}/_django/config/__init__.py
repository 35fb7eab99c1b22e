"""Project configuration: settings per environment, the root URLconf, WSGI and ASGI entry points."""
