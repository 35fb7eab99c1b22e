# Read by the flask command (python-dotenv), so `flask run` and `flask db upgrade`
# need no --app. Public settings only; secrets go in .env, which git ignores.
FLASK_APP={{ cookiecutter.project_slug }}.app:load_app
# `flask run` with the debugger and the reloader, which also restarts the
# server when the blueprints file changes, so a module `flask add-blueprint`
# adds is served at once. ProductionConfig keeps debug off whatever this says.
# https://flask.palletsprojects.com/en/stable/cli/#environment-variables-from-dotenv
FLASK_DEBUG=1
FLASK_RUN_EXTRA_FILES=blueprints.yaml
