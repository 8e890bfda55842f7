from django import template

from wikis.retention import policy

register = template.Library()


@register.inclusion_tag("privacy/_retention_line.html")
def retention_line(wiki, emergency=False):
    """The one line a reporter reads before submitting: how long, and a link to the rest."""
    rules = policy(wiki.config)
    return {
        "wiki": wiki,
        "months": rules.emergency_months if emergency else rules.closed_months,
    }
