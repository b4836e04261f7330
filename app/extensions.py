"""Extensions are created unbound here and bound to an app in create_app (so two apps can live in one process)."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from app.models.base import Base
from app.read_requests import RequestSession

# The request owns one commit and ends soon after it: objects stay readable after it without reloading.
# Safe requests read on autocommit connections (app/read_requests.py).
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False, "class_": RequestSession})
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()
