"""Sources in: Reddit (praw) and news/comment feeds (feedparser), plus mention matching.

This is the only package (with the web app) that speaks HTTP.
"""
