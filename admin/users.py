"""The 首席代表 right on the admin's user page: a window clerk of a department who may decide that department's
immediate items at the window (app/domain/immediate.py). The user page is the platform admin's alone."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from wtforms import BooleanField
from wtforms.validators import ValidationError

from admin.words import _l
from app.i18n import DEFAULT_LANGUAGE, ui_locale
from app.models import Role, UserRole

ROLE_WORDS = {
    Role.CITIZEN: "申请人",
    Role.WINDOW_CLERK: "综合窗口",
    Role.CHIEF_REPRESENTATIVE: "首席代表",
    Role.APPROVER: "审批人",
    Role.DEPARTMENT_ADMIN: "部门管理员",
    Role.ADMIN: "平台管理员",
    Role.SUPERVISOR: "效能监察",
}


def role_words(_view: Any, _context: Any, model: Any, _name: str) -> str:
    """A user's roles in words, in a fixed order."""
    separator = "、" if ui_locale() == DEFAULT_LANGUAGE else ", "
    return separator.join(gettext(ROLE_WORDS[role]) for role in Role if role in model.roles)


class ChiefRepresentativeRight:
    """Mixin for the user view: a tick box that grants or withdraws the chief-representative right."""

    form_extra_fields = {
        "chief_representative": BooleanField(
            _l("首席代表"),
            description=_l("可在窗口当场决定本人所属部门的即办件；须为综合窗口人员并选择所属部门"),
        )
    }

    def on_form_prefill(self, form: Any, id: Any) -> None:  # noqa: A002 - Flask-Admin's name
        user = self.get_one(id)  # type: ignore[attr-defined]
        if user is not None:
            form.chief_representative.data = Role.CHIEF_REPRESENTATIVE in user.roles

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        wanted = bool(form.chief_representative.data)
        held = Role.CHIEF_REPRESENTATIVE in model.roles
        if wanted and not held:
            if not model.has_role(Role.WINDOW_CLERK):
                raise ValidationError("首席代表须是综合窗口人员")
            if model.department is None:
                raise ValidationError("首席代表须有所属部门：请先选择部门")
            model.role_rows.append(UserRole(role=Role.CHIEF_REPRESENTATIVE.value))
        elif held and not wanted:
            model.role_rows = [row for row in model.role_rows if row.role != Role.CHIEF_REPRESENTATIVE.value]
        elif held and model.department is None:
            raise ValidationError("首席代表须有所属部门：请先选择部门")
