"""Settings modules, one per environment, chosen by DJANGO_SETTINGS_MODULE.

https://docs.djangoproject.com/en/6.1/topics/settings/#designating-the-settings
"""
