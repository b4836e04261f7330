"""The kinds of document and their built-in wording (admins override it per kind, and per item)."""

from __future__ import annotations

from typing import NamedTuple


class Wording(NamedTuple):
    title: str
    body: str
    fields: str  # "label: template" per line


RECEIPT = "receipt"
SUPPLEMENT_NOTICE = "supplement_notice"
DECLINE_NOTICE = "decline_notice"
DECISION_APPROVED = "decision_approved"
DECISION_REJECTED = "decision_rejected"
CERTIFICATE = "certificate"
PAYMENT_NOTICE = "payment_notice"

LABELS = {
    RECEIPT: "受理回执",
    SUPPLEMENT_NOTICE: "一次性告知书",
    DECLINE_NOTICE: "不予受理通知书",
    DECISION_APPROVED: "准予许可决定书",
    DECISION_REJECTED: "不予许可决定书",
    CERTIFICATE: "证照",
    PAYMENT_NOTICE: "缴款通知书",
}

_COMMON_FIELDS = "受理编号: {{ tracking_number }}\n事项名称: {{ item }}\n申请人: {{ applicant }}"

BUILT_IN: dict[str, Wording] = {
    RECEIPT: Wording(
        "受理回执",
        "{{ applicant }}：\n\n您于 {{ submitted_date }} 申请的“{{ item }}”，经审查，{{ material_check }}，"
        "本中心已于 {{ accepted_date }} 予以受理。承诺办结时限为 {{ promised_days }} 个工作日，"
        "预计于 {{ due_date }} 前办结。\n\n{{ deferred }}\n\n"
        "请妥善保管本回执，凭受理编号查询办理进度（无需登录）或领取办理结果。",
        _COMMON_FIELDS + "\n受理日期: {{ accepted_date }}\n承诺办结日期: {{ due_date }}\n受理人: {{ clerk }}",
    ),
    SUPPLEMENT_NOTICE: Wording(
        "补正材料一次性告知书",
        "{{ applicant }}：\n\n您于 {{ submitted_date }} 申请的“{{ item }}”，申请材料不齐全或不符合法定形式。"
        "根据《中华人民共和国行政许可法》第三十二条，现一次性告知您需要补正的全部内容如下：\n\n{{ reason }}\n\n"
        "请补正后重新提交。补正期间不计入办理时限。",
        _COMMON_FIELDS + "\n告知日期: {{ today }}\n经办人: {{ clerk }}",
    ),
    DECLINE_NOTICE: Wording(
        "不予受理通知书",
        "{{ applicant }}：\n\n您于 {{ submitted_date }} 申请的“{{ item }}”，经审查，决定不予受理。理由如下：\n\n"
        "{{ reason }}\n\n如不服本决定，可以自收到本通知书之日起六十日内依法申请行政复议，"
        "或者在六个月内依法提起行政诉讼。",
        _COMMON_FIELDS + "\n决定日期: {{ today }}\n经办人: {{ clerk }}",
    ),
    DECISION_APPROVED: Wording(
        "准予行政许可决定书",
        "{{ applicant }}：\n\n你（单位）申请的“{{ item }}”（受理编号 {{ tracking_number }}），经审查，"
        "符合法定条件、标准。根据{{ legal_basis }}，决定准予行政许可。\n\n{{ opinion }}",
        _COMMON_FIELDS + "\n决定文号: {{ number }}\n决定日期: {{ today }}\n审批部门: {{ department }}",
    ),
    DECISION_REJECTED: Wording(
        "不予行政许可决定书",
        "{{ applicant }}：\n\n你（单位）申请的“{{ item }}”（受理编号 {{ tracking_number }}），经审查，"
        "决定不予行政许可。理由如下：\n\n{{ opinion }}\n\n如不服本决定，可以自收到本决定书之日起六十日内依法申请"
        "行政复议，或者在六个月内依法提起行政诉讼。",
        _COMMON_FIELDS + "\n决定文号: {{ number }}\n决定日期: {{ today }}\n审批部门: {{ department }}",
    ),
    CERTIFICATE: Wording(
        "{{ item_result }}",
        "经审查，准予“{{ item }}”。特发此证。",
        "证照编号: {{ number }}\n持证主体: {{ holder }}\n许可事项: {{ item }}\n许可范围: {{ scope }}\n"
        "有效期限: {{ valid_from }} 至 {{ valid_until }}\n发证机关: {{ department }}",
    ),
    PAYMENT_NOTICE: Wording(
        "缴款通知书",
        "{{ applicant }}：\n\n您申请的“{{ item }}”依法应缴纳费用 {{ amount }} 元（{{ fee_basis }}）。"
        "请凭缴款码到窗口缴纳（现金、银行卡），或扫描二维码网上缴纳。缴费后方可领取办理结果。",
        _COMMON_FIELDS + "\n缴款码: {{ payment_code }}\n应缴金额: {{ amount }} 元\n收款单位: {{ payee }}\n"
        "收费依据: {{ legal_basis }}",
    ),
}

KINDS = frozenset(BUILT_IN)
DECISIONS = (DECISION_APPROVED, DECISION_REJECTED)
# Names a BPMN's generate_document action may use for a kind.
ALIASES = {"licence": CERTIFICATE, "license": CERTIFICATE, "certificate": CERTIFICATE}
