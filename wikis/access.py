"""Who may see and change a wiki's configuration. Helpers raise 404 / 403 themselves."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from wikis.models import ConfigRevision, Wiki


def get_wiki(slug: str) -> Wiki:
    return get_object_or_404(Wiki, slug=slug)


def get_revision(wiki: Wiki, revision_id) -> ConfigRevision:
    """A revision of this wiki; another wiki's revision id is a 404."""
    try:
        revision_id = int(revision_id)
    except (TypeError, ValueError):
        revision_id = 0
    return get_object_or_404(ConfigRevision, wiki=wiki, pk=revision_id)


def require_editor(user, wiki: Wiki) -> None:
    """That wiki's configuration admins and global operators (superusers) only."""
    if not wiki.is_admin(user):
        raise PermissionDenied
