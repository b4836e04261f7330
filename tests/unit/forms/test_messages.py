"""Every message exists in Chinese and English."""

from __future__ import annotations

import string

from forms.messages import CATALOGUE, SUPPORTED_LOCALES, message, normalise_locale


def test_every_key_has_both_locales_with_the_same_placeholders() -> None:
    for key, entry in CATALOGUE.items():
        assert set(entry) == set(SUPPORTED_LOCALES), key
        fields = [{name for _, name, _, _ in string.Formatter().parse(text) if name} for text in entry.values()]
        assert fields[0] == fields[1], key


def test_locale_names_are_normalised() -> None:
    assert normalise_locale("en-GB") == "en"
    assert normalise_locale("zh-CN") == "zh_CN"
    assert normalise_locale(None) == "zh_CN"
    assert normalise_locale("fr") == "zh_CN"


def test_message_fills_placeholders() -> None:
    assert message("required", label="申请人姓名") == "请填写申请人姓名"
    assert message("required", "en", label="applicant name") == "Enter applicant name"
