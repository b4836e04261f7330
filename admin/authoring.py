"""Registers the authoring views, the form preview and the diagram pages on an app's Flask-Admin."""

from __future__ import annotations

from flask import Flask
from flask_admin import Admin

from admin.diagrams import bp as diagrams_bp
from admin.draft_views import DraftView
from admin.items import ItemAuthoringView
from admin.modeler import ModelerView
from admin.preview import FormPreviewView
from admin.words import _l


def register_authoring(app: Flask, admin: Admin) -> None:
    app.register_blueprint(diagrams_bp)
    admin.add_view(ItemAuthoringView(name=_l("事项编辑与发布"), endpoint="authoring", url="/admin/authoring"))
    admin.add_view(DraftView(name=_l("草稿"), endpoint="drafts", url="/admin/drafts"))
    admin.add_view(ModelerView(name=_l("建模器检查"), endpoint="authoring_modeler", url="/admin/authoring/modeler"))
    admin.add_view(FormPreviewView(name=_l("表单预览"), endpoint="authoring_preview", url="/admin/authoring/preview"))
