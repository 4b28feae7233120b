"""Fetching a web page an admin links to, with the checks a server-side fetch needs.

Only http and https; at most ``MAX_PAGE_BYTES``; redirects followed by hand so every hop gets the same
checks; and no loopback, private, link-local or otherwise non-public address unless allowed (tests
serve pages on 127.0.0.1). The address check happens where the connection is made, on the address
actually connected to, so a name that resolves differently a second time cannot slip past it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

import httpcore
import httpx

MAX_PAGE_BYTES = 2 * 1024 * 1024
MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 10.0
HTML_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = "Mozilla/5.0 (compatible; mpbot/0.1; messenger policy news bot)"


class FetchProblem(StrEnum):
    """Why a page could not be fetched; handlers turn each into a message."""

    INVALID_URL = "invalid_url"
    PRIVATE_ADDRESS = "private_address"
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"
    HTTP_STATUS = "http_status"
    NOT_HTML = "not_html"
    TOO_LARGE = "too_large"
    TOO_MANY_REDIRECTS = "too_many_redirects"


class FetchError(Exception):
    """A page that could not be fetched, with the reason (and the HTTP status, if that was it)."""

    def __init__(self, problem: FetchProblem, detail: str = "", *, status: int | None = None) -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.status = status


@dataclass(frozen=True)
class FetchedPage:
    """A fetched HTML page: where it finally came from, its bytes and the charset its server stated."""

    url: str
    content: bytes
    charset: str | None

    def text(self) -> str:
        """The page decoded with its stated charset, else UTF-8, else CP1251 (common on older .kz sites)."""
        for encoding in (self.charset, "utf-8", "cp1251"):
            if not encoding:
                continue
            try:
                return self.content.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
        return self.content.decode("utf-8", errors="replace")


def is_public_address(address: str) -> bool:
    """Whether an IP address is a public unicast one (not loopback, private, link-local, reserved …)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast and not ip.is_unspecified


def _any_address(address: str) -> bool:
    return True


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves the host itself, refuses non-public addresses, and connects to the checked address."""

    def __init__(self, address_allowed: Callable[[str], bool]) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._address_allowed = address_allowed

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as error:
            raise FetchError(FetchProblem.UNREACHABLE, f"cannot resolve {host}") from error
        addresses = list(dict.fromkeys(str(entry[4][0]) for entry in found))
        if not all(self._address_allowed(address) for address in addresses):
            raise FetchError(FetchProblem.PRIVATE_ADDRESS, host)
        last: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last = error
        raise FetchError(FetchProblem.UNREACHABLE, host) from last

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise FetchError(FetchProblem.INVALID_URL, "unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def checked_url(url: str) -> httpx.URL:
    """Parse an address and accept only http(s) with a host; raises FetchError otherwise."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError) as error:
        raise FetchError(FetchProblem.INVALID_URL, url) from error
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise FetchError(FetchProblem.INVALID_URL, url)
    return parsed


async def fetch_page(
    url: str,
    *,
    allow_private: bool = False,
    address_allowed: Callable[[str], bool] | None = None,
    timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109 - one deadline for the whole fetch, redirects included
    max_bytes: int = MAX_PAGE_BYTES,
) -> FetchedPage:
    """GET an HTML page (following redirects with the same checks); raises FetchError on any problem.

    Public addresses only, unless ``allow_private``; ``address_allowed`` replaces that rule entirely.
    """
    target = checked_url(url)
    if address_allowed is None:
        address_allowed = _any_address if allow_private else is_public_address
    backend = _GuardedBackend(address_allowed)
    async with httpcore.AsyncConnectionPool(network_backend=backend, max_connections=4, retries=0) as pool:
        try:
            async with asyncio.timeout(timeout):
                for _hop in range(MAX_REDIRECTS + 1):
                    location = await _get(pool, target, timeout, max_bytes)
                    if isinstance(location, FetchedPage):
                        return location
                    target = checked_url(str(target.join(location)))
        except (TimeoutError, httpcore.TimeoutException) as error:
            raise FetchError(FetchProblem.TIMEOUT, str(target)) from error
        except (httpcore.NetworkError, httpcore.ProtocolError) as error:
            raise FetchError(FetchProblem.UNREACHABLE, str(target)) from error
    raise FetchError(FetchProblem.TOO_MANY_REDIRECTS, url)


async def _get(
    pool: httpcore.AsyncConnectionPool,
    target: httpx.URL,
    timeout: float,  # noqa: ASYNC109 - per-operation limits for httpcore, under the caller's deadline
    max_bytes: int,
) -> FetchedPage | str:
    """One request: the page, or the address a redirect points to."""
    headers = [
        (b"Host", target.netloc),
        (b"User-Agent", USER_AGENT.encode()),
        (b"Accept", b"text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"),
        (b"Accept-Encoding", b"identity"),
    ]
    extensions = {"timeout": {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}}
    async with pool.stream("GET", str(target), headers=headers, extensions=extensions) as response:
        fields = httpx.Headers(response.headers)
        if response.status in (301, 302, 303, 307, 308) and fields.get("location"):
            return fields["location"]
        if response.status != 200:
            raise FetchError(FetchProblem.HTTP_STATUS, str(target), status=response.status)
        content_type = fields.get("content-type", "")
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type not in HTML_TYPES:
            raise FetchError(FetchProblem.NOT_HTML, media_type or "no content type")
        declared = fields.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(FetchProblem.TOO_LARGE, declared)
        body = bytearray()
        async for chunk in response.aiter_stream():
            body.extend(chunk)
            if len(body) > max_bytes:
                raise FetchError(FetchProblem.TOO_LARGE, f"more than {max_bytes} bytes")
    return FetchedPage(url=str(target), content=bytes(body), charset=_charset(content_type))


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None
