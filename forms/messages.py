"""The message catalogue of the forms layer: every sentence exists in zh_CN and en."""

from __future__ import annotations

DEFAULT_LOCALE = "zh_CN"

CATALOGUE: dict[str, dict[str, str]] = {
    # required and type
    "required": {"zh_CN": "请填写{label}", "en": "Enter {label}"},
    "required_choice": {"zh_CN": "请选择{label}", "en": "Select {label}"},
    "required_file": {"zh_CN": "请上传{label}", "en": "Upload {label}"},
    "must_tick": {"zh_CN": "请勾选{label}", "en": "Select the box to confirm {label}"},
    "type_integer": {"zh_CN": "{label}必须是整数", "en": "{label} must be a whole number"},
    "type_number": {"zh_CN": "{label}必须是数字", "en": "{label} must be a number"},
    "type_boolean": {"zh_CN": "{label}只能选择“是”或“否”", "en": "{label} must be yes or no"},
    "type_other": {"zh_CN": "{label}的填写内容类型不正确", "en": "{label} has the wrong kind of value"},
    "choice": {"zh_CN": "请从列表中选择{label}", "en": "Select {label} from the list"},
    "const": {"zh_CN": "{label}必须是“{value}”", "en": "{label} must be “{value}”"},
    "invalid": {"zh_CN": "{label}的填写内容不符合要求", "en": "{label} is not valid"},
    "forbidden": {"zh_CN": "{label}不应填写", "en": "{label} must not be given"},
    "not_allowed_field": {
        "zh_CN": "表单包含无法识别的字段：{names}",
        "en": "The form has fields it does not recognise: {names}",
    },
    "too_long_input": {"zh_CN": "{label}内容过长", "en": "{label} is too long"},
    # strings
    "min_length": {"zh_CN": "{label}至少需要{n}个字", "en": "{label} must be {n} characters or more"},
    "max_length": {"zh_CN": "{label}不能超过{n}个字", "en": "{label} must be {n} characters or fewer"},
    "pattern": {"zh_CN": "{label}的格式不正确", "en": "{label} is not in the right format"},
    # numbers
    "minimum": {"zh_CN": "{label}不能小于{n}", "en": "{label} must be {n} or more"},
    "maximum": {"zh_CN": "{label}不能大于{n}", "en": "{label} must be {n} or less"},
    "exclusive_minimum": {"zh_CN": "{label}必须大于{n}", "en": "{label} must be more than {n}"},
    "exclusive_maximum": {"zh_CN": "{label}必须小于{n}", "en": "{label} must be less than {n}"},
    "multiple_of": {"zh_CN": "{label}必须是{n}的倍数", "en": "{label} must be a multiple of {n}"},
    # arrays and objects
    "min_items": {"zh_CN": "{label}至少需要{n}项", "en": "{label} needs at least {n} entries"},
    "max_items": {"zh_CN": "{label}最多只能有{n}项", "en": "{label} can have at most {n} entries"},
    "unique_items": {"zh_CN": "{label}中有重复的项", "en": "{label} has the same entry more than once"},
    "min_properties": {"zh_CN": "{label}填写的项目太少", "en": "{label} needs more answers"},
    "max_properties": {"zh_CN": "{label}填写的项目太多", "en": "{label} has too many answers"},
    "dependent_required": {"zh_CN": "填写了{other}时，请填写{label}", "en": "Enter {label} when {other} is given"},
    "too_many_rows": {"zh_CN": "{label}提交的项数过多", "en": "{label} has too many entries"},
    # formats
    "format_date": {
        "zh_CN": "{label}必须是有效日期，例如 2024-03-15",
        "en": "{label} must be a real date, like 2024-03-15",
    },
    "format_date-time": {
        "zh_CN": "{label}必须是有效的日期和时间，例如 2024-03-15T09:30:00+08:00",
        "en": "{label} must be a real date and time, like 2024-03-15T09:30:00+08:00",
    },
    "format_time": {
        "zh_CN": "{label}必须是有效时间，例如 09:30:00+08:00",
        "en": "{label} must be a real time, like 09:30:00+08:00",
    },
    "format_email": {
        "zh_CN": "{label}必须是有效的电子邮箱地址，例如 name@example.com",
        "en": "{label} must be an email address, like name@example.com",
    },
    "format_uri": {
        "zh_CN": "{label}必须是完整的网址，例如 https://www.gov.cn",
        "en": "{label} must be a full web address",
    },
    "format_other": {"zh_CN": "{label}的格式不正确", "en": "{label} is not in the right format"},
    "id_length": {"zh_CN": "{label}应为18位", "en": "{label} must be 18 characters long"},
    "id_chars": {
        "zh_CN": "{label}只能包含数字，最后一位可以是X",
        "en": "{label} must be digits, the last one may be X",
    },
    "id_birth_date": {"zh_CN": "{label}中的出生日期无效", "en": "{label} contains a birth date that does not exist"},
    "id_checksum": {"zh_CN": "{label}校验位不正确", "en": "{label} has a wrong check digit"},
    "credit_length": {"zh_CN": "{label}应为18位", "en": "{label} must be 18 characters long"},
    "credit_chars": {
        "zh_CN": "{label}只能包含数字和大写字母（不含I、O、Z、S、V）",
        "en": "{label} may only contain digits and capital letters other than I, O, Z, S, V",
    },
    "credit_checksum": {"zh_CN": "{label}校验位不正确", "en": "{label} has a wrong check character"},
    "mobile": {
        "zh_CN": "{label}必须是11位手机号码，例如 13800138000",
        "en": "{label} must be an 11-digit mobile number",
    },
    "postcode": {"zh_CN": "{label}必须是6位数字的邮政编码", "en": "{label} must be a 6-digit postcode"},
    # files
    "file_too_big": {"zh_CN": "{label}的文件不能超过{size}", "en": "{label} must be smaller than {size}"},
    "file_type": {"zh_CN": "{label}必须是{types}文件", "en": "{label} must be a {types} file"},
    "file_empty": {"zh_CN": "{label}上传的文件是空的", "en": "The file for {label} is empty"},
    "file_reference": {"zh_CN": "{label}的已上传文件信息无效，请重新上传", "en": "Upload {label} again"},
    "file_uploaded": {"zh_CN": "已上传：{name}（{size}）", "en": "Uploaded: {name} ({size})"},
    "file_replace": {"zh_CN": "如需更换，请重新选择文件", "en": "Choose a file only to replace it"},
    # page furniture
    "form_label": {"zh_CN": "表单", "en": "The form"},
    "error_summary_title": {"zh_CN": "提交前请修改以下问题", "en": "There is a problem"},
    "error_prefix": {"zh_CN": "错误：", "en": "Error:"},
    "required_marker": {"zh_CN": "（必填）", "en": "(required)"},
    "prefilled": {
        "zh_CN": "已根据以往提交的信息预填，请核对，可修改",
        "en": "Filled in from what was submitted before: check it and change it if needed",
    },
    "choose": {"zh_CN": "请选择", "en": "Choose"},
    "yes": {"zh_CN": "是", "en": "Yes"},
    "no": {"zh_CN": "否", "en": "No"},
    "add_row": {"zh_CN": "添加{label}", "en": "Add {label}"},
    "remove_row": {"zh_CN": "删除", "en": "Remove"},
    "row_legend": {"zh_CN": "{label}（第{n}项）", "en": "{label} ({n})"},
    "date_year": {"zh_CN": "年", "en": "Year"},
    "date_month": {"zh_CN": "月", "en": "Month"},
    "date_day": {"zh_CN": "日", "en": "Day"},
    "date_hour": {"zh_CN": "时", "en": "Hour"},
    "date_minute": {"zh_CN": "分", "en": "Minute"},
    "not_answered": {"zh_CN": "未填", "en": "Not answered"},
    "shape_kind": {"zh_CN": "类型", "en": "Kind"},
    "shape_label": {"zh_CN": "{label}类型", "en": "Kind of {label}"},
    "shape_option": {"zh_CN": "第{n}种", "en": "Option {n}"},
    "shape_required": {"zh_CN": "请选择{label}", "en": "Select {label}"},
    "none_given": {"zh_CN": "未填写", "en": "Not given"},
    "password_given": {"zh_CN": "已填写（不显示）", "en": "Given (not shown)"},
    "list_separator": {"zh_CN": "、", "en": ", "},
}

SUPPORTED_LOCALES: tuple[str, ...] = ("zh_CN", "en")


def normalise_locale(locale: str | None) -> str:
    """Map "zh", "zh-CN", "en_GB"... to a catalogue locale; unknown ones fall back to zh_CN."""
    if not locale:
        return DEFAULT_LOCALE
    lowered = locale.replace("-", "_").lower()
    if lowered.startswith("en"):
        return "en"
    return DEFAULT_LOCALE


def message(key: str, locale: str = DEFAULT_LOCALE, **kw: object) -> str:
    """Return the catalogue sentence ``key`` in ``locale`` with ``kw`` filled in."""
    entry = CATALOGUE[key]
    text = entry.get(normalise_locale(locale)) or entry[DEFAULT_LOCALE]
    return text.format(**kw) if kw else text
