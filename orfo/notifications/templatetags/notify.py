from django import template

register = template.Library()


@register.filter
def mrkdwn(value) -> str:
    """Escape VALUE for Slack's mrkdwn: &, < and > are its only control characters."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
