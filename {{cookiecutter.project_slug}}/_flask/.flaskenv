# Read by the flask command (python-dotenv), so `flask run` and `flask db upgrade`
# need no --app. Public settings only; secrets go in .env, which git ignores.
FLASK_APP={{ cookiecutter.project_slug }}.app:create_app
