"""Creating users and the demo accounts printed on the console."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.auth import hash_password
from app.extensions import db
from app.models import Centre, Department, Role, User, UserRole


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    roles: tuple[Role, ...]
    department: str | None = None
    password: str = "demo1234"
    centre: str | None = None  # a clerk's or supervisor's centre (app/services/centres.py DEMO_CENTRES); window
    window: str | None = None


DEMO_USERS = (
    DemoUser("citizen", "张三（申请人）", (Role.CITIZEN,)),
    DemoUser("window", "李窗口（综合窗口）", (Role.WINDOW_CLERK,), centre="mh-district", window="1号窗口"),
    # 人社局's chief representative at the district hall: decides its immediate items (即办件) at the window.
    DemoUser(
        "window-rsj",
        "钱首席（人社局首席代表）",
        (Role.WINDOW_CLERK, Role.CHIEF_REPRESENTATIVE),
        "rsj",
        centre="mh-district",
        window="人社局首席代表窗口",
    ),
    # A clerk at each of the other demo centres (全区通办, and 代收代办 at the community station).
    DemoUser("window-hubin", "刘窗口（湖滨街道）", (Role.WINDOW_CLERK,), centre="mh-hubin", window="1号窗口"),
    DemoUser("window-qingshan", "杨窗口（青山镇）", (Role.WINDOW_CLERK,), centre="mh-qingshan", window="1号窗口"),
    DemoUser("window-liuan", "何代办（柳岸社区代收点）", (Role.WINDOW_CLERK,), centre="mh-liuan", window="代办窗口"),
    DemoUser("scjg", "王审批（市场监管局）", (Role.APPROVER,), "scjg"),
    DemoUser("wsjk", "赵审批（卫生健康委）", (Role.APPROVER,), "wsjk"),
    DemoUser("rsj", "钱审批（人社局）", (Role.APPROVER,), "rsj"),
    DemoUser("cgj", "孙审批（城管局）", (Role.APPROVER,), "cgj"),
    DemoUser("zjj", "吴审批（住建局）", (Role.APPROVER,), "zjj"),
    DemoUser("supervisor", "周监察（效能监察）", (Role.SUPERVISOR,)),
    # A street centre's supervisor sees only the cases of 湖滨街道 (app/services/supervision_scope.py).
    DemoUser("supervisor-hubin", "郑监察（湖滨街道效能监察）", (Role.SUPERVISOR,), centre="mh-hubin"),
    DemoUser("admin", "系统管理员", (Role.ADMIN, Role.DEPARTMENT_ADMIN)),
    # One department admin per demo department: they author only their own department's items.
    DemoUser("scjg-admin", "冯管理（市场监管局管理员）", (Role.DEPARTMENT_ADMIN,), "scjg"),
    DemoUser("wsjk-admin", "陈管理（卫生健康委管理员）", (Role.DEPARTMENT_ADMIN,), "wsjk"),
    DemoUser("rsj-admin", "褚管理（人社局管理员）", (Role.DEPARTMENT_ADMIN,), "rsj"),
    DemoUser("cgj-admin", "卫管理（城管局管理员）", (Role.DEPARTMENT_ADMIN,), "cgj"),
    DemoUser("zjj-admin", "蒋管理（住建局管理员）", (Role.DEPARTMENT_ADMIN,), "zjj"),
    DemoUser("mzj-admin", "沈管理（民政局管理员）", (Role.DEPARTMENT_ADMIN,), "mzj"),
)


def create_user(
    username: str,
    display_name: str,
    password: str,
    roles: tuple[Role, ...] | list[Role],
    department_code: str | None = None,
    *,
    centre_code: str | None = None,
    window_name: str | None = None,
) -> User:
    """Create or update a user with exactly the given roles (and, for a window clerk, centre and window)."""
    user = db.session.scalar(select(User).where(User.username == username))
    department = None
    if department_code:
        department = db.session.scalar(select(Department).where(Department.code == department_code))
    if user is None:
        user = User(username=username, display_name=display_name, password_hash=hash_password(password))
        db.session.add(user)
    user.display_name = display_name
    user.department = department
    user.centre = db.session.scalar(select(Centre).where(Centre.code == centre_code)) if centre_code else None
    user.window_name = window_name
    if user.roles != set(roles):  # new role rows would end the user's sessions (app/sessions.py)
        # Keep the rows of roles the user still has: replacing them all would INSERT the new rows before the unit
        # of work DELETEs the old ones, and (user, role) is unique.
        wanted = {Role(r).value for r in roles}
        kept = [row for row in user.role_rows if row.role in wanted]
        held = {row.role for row in kept}
        user.role_rows = kept + [UserRole(role=value) for value in sorted(wanted - held)]
    db.session.flush()
    return user


def seed_demo_users() -> list[DemoUser]:
    from app.services.centres import seed_demo_centres

    seed_demo_centres()
    for demo in DEMO_USERS:
        create_user(
            demo.username,
            demo.display_name,
            demo.password,
            demo.roles,
            demo.department,
            centre_code=demo.centre,
            window_name=demo.window,
        )
    return list(DEMO_USERS)
