"""Fetching links: only public http(s) pages, in time, not too large, and redirects checked each hop."""

from __future__ import annotations

import pytest

from bot.fetching import FetchError, FetchProblem, fetch_page, is_public_address
from tests.admin.conftest import PageServer
from tests.admin.texts import ARTICLE_PAGE


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2a00:1450:4001::200e", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("224.0.0.1", False),
    ],
)
def test_only_public_unicast_addresses_are_public(address: str, public: bool) -> None:
    assert is_public_address(address) is public


async def test_a_page_is_fetched_with_its_charset(pages: PageServer) -> None:
    url = pages.add("/cp", ARTICLE_PAGE.encode("cp1251"), content_type="text/html; charset=windows-1251")
    page = await fetch_page(url, allow_private=True)
    assert page.url == url
    assert "Степной вестник" in page.text()


async def test_a_redirect_to_a_refused_address_is_not_followed(pages: PageServer) -> None:
    # 127.0.0.2 stands for "an address that is not allowed"; the request is refused before connecting.
    pages.add("/hop", status=302, location="http://127.0.0.2:9/secret")
    with pytest.raises(FetchError) as raised:
        await fetch_page(pages.url("/hop"), address_allowed=lambda address: address == "127.0.0.1")
    assert raised.value.problem is FetchProblem.PRIVATE_ADDRESS
    assert pages.requests == ["/hop"]


async def test_a_redirect_to_another_scheme_is_refused(pages: PageServer) -> None:
    pages.add("/ftp", status=301, location="ftp://127.0.0.1/file")
    with pytest.raises(FetchError) as raised:
        await fetch_page(pages.url("/ftp"), allow_private=True)
    assert raised.value.problem is FetchProblem.INVALID_URL


async def test_endless_redirects_stop(pages: PageServer) -> None:
    pages.add("/loop", status=302, location="/loop")
    with pytest.raises(FetchError) as raised:
        await fetch_page(pages.url("/loop"), allow_private=True)
    assert raised.value.problem is FetchProblem.TOO_MANY_REDIRECTS
    assert len(pages.requests) == 6


async def test_a_page_declared_larger_than_the_limit_is_not_read(pages: PageServer) -> None:
    url = pages.add("/big", b"<p>" + b"x" * 5000)
    with pytest.raises(FetchError) as raised:
        await fetch_page(url, allow_private=True, max_bytes=1000)
    assert raised.value.problem is FetchProblem.TOO_LARGE


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "http://", "not a url"])
async def test_anything_but_an_http_address_is_refused(url: str) -> None:
    with pytest.raises(FetchError) as raised:
        await fetch_page(url)
    assert raised.value.problem is FetchProblem.INVALID_URL
