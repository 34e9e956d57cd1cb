"""Normalise article URLs so one article reached by two routes has one canonical URL.

Tracking parameters (``utm_*``, ``fbclid``...) and fragments are removed, the
host is lower-cased, default ports and trailing slashes dropped, and the
remaining query parameters sorted. Google redirect links (Google Alerts'
``google.com/url?url=...``) are unwrapped to the publisher's URL.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_", "mc_", "_hs", "pk_", "mtm_", "at_")
_TRACKING_NAMES = frozenset({
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "ocid", "cmpid", "ref",
    "ref_src", "ref_url", "ito", "s_cid", "ns_mchannel", "ns_source", "ns_campaign",
    "ns_linkname", "ns_fee", "share", "smid", "oc", "amp", "__twitter_impression",
})
_REDIRECTORS = {("www.google.com", "/url"), ("google.com", "/url"),
                ("www.google.co.uk", "/url")}


def resolve(base: str, link: str | None) -> str:
    """``link`` made absolute against ``base`` (relative links in feeds are common)."""
    if not link:
        return base
    return urljoin(base, link.strip())


def unwrap_redirect(url: str) -> str:
    """The publisher's URL behind a Google redirect link; other URLs unchanged."""
    parts = urlsplit(url.strip())
    if ((parts.hostname or "").lower(), parts.path) in _REDIRECTORS:
        query = dict(parse_qsl(parts.query))
        target = query.get("url") or query.get("q")
        if target and target.startswith(("http://", "https://")):
            return target
    return url


def canonical_url(url: str | None, *, keep_fragment: bool = False) -> str | None:
    """The normalised form of ``url``, or None for anything that is not http(s).

    ``keep_fragment`` keeps ``#comment-12``-style anchors, which are what tell
    two comments on one article apart.
    """
    if not url:
        return None
    parts = urlsplit(unwrap_redirect(url))
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:
        return None
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) \
        else f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = [
        (name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name.lower() not in _TRACKING_NAMES
        and not name.lower().startswith(_TRACKING_PREFIXES)
    ]
    # http and https copies of one article are the same article.
    fragment = parts.fragment if keep_fragment else ""
    return urlunsplit(("https", netloc, path, urlencode(sorted(query)), fragment))


def without_fragment(url: str) -> str:
    """``url`` without its ``#fragment`` (a comment's link -> its article's link)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
