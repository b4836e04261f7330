"""Issue 20: where webhooks may be sent (app/webhooks/receivers.py). The admin's allow-list of hosts and URL
prefixes, and no internal address (the metadata service, private networks, loopback) unless its network is allowed;
at delivery the host is resolved again and every address it has now is checked. No network is used here: the
addresses are data and the resolver is a stand-in."""

from __future__ import annotations

import pytest

from app.webhooks.receivers import ReceiverPolicy, ReceiverRefused, address_problem, receiver_problem, vetted_address

POLICY = ReceiverPolicy.parse("hooks.wsjk.gov.cn, *.scjg.gov.cn https://api.rsj.gov.cn:8443/yichuang", "")


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.wsjk.gov.cn/events",
        "http://hooks.wsjk.gov.cn:8080/events",  # a host name allows any port and path of that host
        "https://a.b.scjg.gov.cn/x",
        "https://api.rsj.gov.cn:8443/yichuang/events",
    ],
)
def test_listed_receivers_are_allowed(url: str) -> None:
    assert receiver_problem(url, POLICY) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.wsjk.gov.cn.evil.example/events",  # a longer name is another host
        "https://evilwsjk.gov.cn/",
        "https://scjg.gov.cn/x",  # *.scjg.gov.cn: its subdomains only
        "http://api.rsj.gov.cn:8443/yichuang/events",  # another scheme than the prefix
        "https://api.rsj.gov.cn/yichuang/events",  # another port
        "https://api.rsj.gov.cn:8443/other",  # outside the prefix's path
        "http://intranet.local:8080/hook",
    ],
)
def test_other_receivers_are_refused_naming_the_url(url: str) -> None:
    problem = receiver_problem(url, POLICY)
    assert problem is not None and url in problem and "WEBHOOK_ALLOWED_RECEIVERS" in problem


def test_nothing_is_allowed_until_the_admin_lists_receivers() -> None:
    problem = receiver_problem("https://hooks.wsjk.gov.cn/", ReceiverPolicy())
    assert problem is not None and "尚未配置" in problem


@pytest.mark.parametrize(
    "address",
    ["169.254.169.254", "10.0.0.5", "172.16.3.4", "192.168.1.1", "100.64.0.1", "127.0.0.1", "0.0.0.0", "::1",
     "fe80::1", "fd00::1", "::ffff:169.254.169.254", "224.0.0.1"],
)  # fmt: skip
def test_internal_addresses_are_refused(address: str) -> None:
    problem = address_problem("http://x/", address, POLICY)
    assert problem is not None and "内部地址" in problem and "WEBHOOK_ALLOWED_NETWORKS" in problem


@pytest.mark.parametrize("address", ["8.8.8.8", "2001:4860:4860::8888"])
def test_public_addresses_pass(address: str) -> None:
    assert address_problem("http://x/", address, POLICY) is None


def test_an_allowed_network_lets_its_addresses_through_and_only_them() -> None:
    local = ReceiverPolicy.parse("127.0.0.1 localhost", "127.0.0.0/8, ::1/128")
    assert address_problem("http://localhost/", "127.0.0.1", local) is None
    assert address_problem("http://localhost/", "::1", local) is None
    assert address_problem("http://localhost/", "169.254.169.254", local) is not None


def test_the_metadata_service_is_refused_even_when_listed_by_address() -> None:
    listed = ReceiverPolicy.parse("169.254.169.254", "")
    problem = receiver_problem("http://169.254.169.254/latest/meta-data/", listed)
    assert problem is not None and "169.254.169.254" in problem


def test_delivery_resolves_again_and_refuses_a_name_that_now_points_inside() -> None:
    policy = ReceiverPolicy.parse("hooks.wsjk.gov.cn", "")
    answers = iter([["8.8.8.8"], ["169.254.169.254"], ["8.8.8.8", "10.1.2.3"]])

    def resolve(host: str, port: int) -> list[str]:
        assert (host, port) == ("hooks.wsjk.gov.cn", 443)
        return next(answers)

    url = "https://hooks.wsjk.gov.cn/events"
    assert vetted_address(url, policy, resolve) == "8.8.8.8"
    for _ in range(2):  # DNS changed since subscribing; a name with one inside address is refused whole
        with pytest.raises(ReceiverRefused) as refused:
            vetted_address(url, policy, resolve)
        assert url in refused.value.message and "内部地址" in refused.value.message


def test_an_unresolvable_host_is_refused_naming_it() -> None:
    def resolve(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    with pytest.raises(ReceiverRefused) as refused:
        vetted_address("https://hooks.wsjk.gov.cn/x", ReceiverPolicy.parse("hooks.wsjk.gov.cn", ""), resolve)
    assert "无法解析" in refused.value.message


def test_a_network_that_cannot_be_read_is_named() -> None:
    with pytest.raises(ValueError, match="10.0.0.0/33"):
        ReceiverPolicy.parse("", "10.0.0.0/33")
