"""Where webhooks may be sent: the platform admin's allow-list of receivers, and no address inside the platform's
own networks (the cloud's metadata service at 169.254.169.254, the database, internal hosts) unless the admin allows
that network. No Flask, no database: the policy is passed in (app/webhooks/policy.py reads it from the config).

A subscription is checked when it is made (its URL must be on the list; an address written as an IP is checked
then too), and again at every delivery, after resolving the host name: DNS may have changed since, so the worker
connects to the address it checked, never to a second lookup, and never follows a redirect.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.webhooks.urls import url_problem

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]


class ReceiverRefused(Exception):
    """A receiver the policy does not allow; the message names the URL and says what to configure."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ReceiverPolicy:
    """``allowed``: URL prefixes (``https://hooks.wsjk.gov.cn/yichuang``, a port pins it) or host names
    (``hooks.wsjk.gov.cn``, ``*.wsjk.gov.cn``); ``networks``: internal networks a receiver may nevertheless
    resolve to (``127.0.0.0/8`` for a receiver on the same machine in tests and the demo)."""

    allowed: tuple[str, ...] = ()
    networks: tuple[Network, ...] = ()

    @classmethod
    def parse(cls, allowed: str | Iterable[str], networks: str | Iterable[str]) -> ReceiverPolicy:
        """From the configuration's texts (comma- or space-separated) or lists; a network that cannot be read is a
        ValueError naming it."""
        return cls(tuple(_words(allowed)), tuple(ipaddress.ip_network(n, strict=False) for n in _words(networks)))


def _words(value: str | Iterable[str]) -> list[str]:
    items = value.replace(",", " ").split() if isinstance(value, str) else [str(v).strip() for v in value]
    return [item for item in items if item]


def _listed(url: str, entry: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if "://" not in entry:  # a host name, or *.domain for its subdomains; any port
        pattern = entry.lower().rstrip(".")
        if pattern.startswith("*."):
            return host.endswith(pattern[1:]) and len(host) > len(pattern) - 1
        return host == pattern
    allowed = urlsplit(entry)
    if parts.scheme != allowed.scheme or host != (allowed.hostname or "").lower():
        return False
    if allowed.port is not None and parts.port != allowed.port:
        return False
    return (parts.path or "/").startswith(allowed.path or "/")


def listed_problem(url: str, policy: ReceiverPolicy) -> str | None:
    """Why ``url`` is not on the allow-list, naming it (None: it is)."""
    if any(_listed(url, entry) for entry in policy.allowed):
        return None
    if not policy.allowed:
        return f"接收地址 {url} 未获允许：平台尚未配置允许的接收地址（WEBHOOK_ALLOWED_RECEIVERS），请联系平台管理员"
    return (
        f"接收地址 {url} 不在平台允许的接收地址之列（WEBHOOK_ALLOWED_RECEIVERS），请联系平台管理员加入该主机或地址前缀"
    )


def address_problem(url: str, address: str, policy: ReceiverPolicy) -> str | None:
    """Why ``url`` may not be sent to ``address`` (one of its host's addresses), or None: an internal address
    (private, loopback, link-local, shared, multicast, reserved, unspecified) outside the allowed networks."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    internal = not ip.is_global or ip.is_multicast  # private, loopback, link-local, shared, reserved, unspecified
    if not internal or any(ip in network for network in policy.networks):
        return None
    return f"接收地址 {url} 指向内部地址 {ip}，未获允许（平台管理员可在 WEBHOOK_ALLOWED_NETWORKS 中允许该网段）"


def receiver_problem(url: str, policy: ReceiverPolicy) -> str | None:
    """Why a subscription (or a BPMN ``call_webhook``) may not name ``url``, or None: a well-formed http(s) URL
    (app/webhooks/urls.py) the policy allows (:func:`policy_problem`)."""
    if (problem := url_problem(url)) is not None:
        return f"接收地址 {url}：{problem}"
    return policy_problem(url, policy)


def policy_problem(url: str, policy: ReceiverPolicy) -> str | None:
    """Why the policy refuses a well-formed ``url``, or None: it is on the allow-list, and not an internal address
    written as an IP. Host names are resolved at delivery."""
    if (problem := listed_problem(url, policy)) is not None:
        return problem
    host = urlsplit(url).hostname or ""
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None  # a name: resolved and checked at each delivery
    return address_problem(url, host, policy)


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to now (IPv4 and IPv6)."""
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})


def vetted_address(url: str, policy: ReceiverPolicy, resolve: Resolver = system_resolver) -> str:
    """The address to connect to for ``url`` at delivery: the URL still allowed, its host resolved now, and every
    address it resolves to allowed (a name that also points inside is refused whole). ReceiverRefused otherwise."""
    if (problem := receiver_problem(url, policy)) is not None:
        raise ReceiverRefused(problem)
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = resolve(host, port)
    except OSError as exc:
        raise ReceiverRefused(f"接收地址 {url} 的主机 {host} 无法解析：{exc}") from exc
    if not addresses:
        raise ReceiverRefused(f"接收地址 {url} 的主机 {host} 无法解析")
    for address in addresses:
        if (problem := address_problem(url, address, policy)) is not None:
            raise ReceiverRefused(problem)
    return addresses[0]
