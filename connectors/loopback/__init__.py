"""Loopback HTTP servers that answer like Reddit, news/comment feeds and their pages.

Used by the tests (with injectable faults) and by ``schoolwatch demo``
(:func:`start_demo_servers`). They only ever bind 127.0.0.1.
"""

from connectors.loopback.demo import DemoServers, start_demo_servers
from connectors.loopback.feed_server import FeedCatalogue
from connectors.loopback.pages import FeedPages
from connectors.loopback.reddit_api import RedditApi
from connectors.loopback.server import LoopbackServer

__all__ = ["DemoServers", "FeedCatalogue", "FeedPages", "LoopbackServer", "RedditApi",
           "start_demo_servers"]
