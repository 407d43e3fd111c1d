from django import template

from orfo.ops.proxy import forwarded_without_hops_seen

register = template.Library()


@register.simple_tag
def proxy_trap_seen():
    """When a request last came through a proxy Orfo was not told about, or None."""
    return forwarded_without_hops_seen()
