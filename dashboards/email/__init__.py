"""Digest and urgent-alert emails: who gets what, how it looks, and delivery over SMTP.

``dashboards.notify.run_notify`` is the entry point; the modules here each do
one job: ``readers`` (who reads which school's news), ``digest`` and
``alerts`` (what goes in each email), ``render`` (Jinja2 templates into a
multipart message), ``delivery`` (outbox to SMTP or ``.eml`` files).
"""
