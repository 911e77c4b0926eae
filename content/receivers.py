"""Forgetting whether a person's header links to the admin (content.roles.shows_admin_link) as soon as their groups,
their own permissions or their groups' permissions change. A change this misses (a permission removed from every
group at once) shows after ADMIN_LINK_SECONDS; the admin itself never relies on it."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models.signals import m2m_changed

from content.roles import admin_link_key

User = get_user_model()


def _forget(user_ids) -> None:
    cache.delete_many([admin_link_key(pk) for pk in user_ids])


def _people_changed(sender, instance, action: str, pk_set, **kwargs) -> None:
    """user.groups / user.user_permissions, from either side."""
    if isinstance(instance, User):
        if action.startswith("post_"):
            _forget([instance.pk])
    elif action == "pre_clear":  # group.user_set.clear(): its members while they are still known
        _forget(instance.user_set.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        _forget(pk_set or ())


def _group_permissions_changed(sender, instance, action: str, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    groups = [instance.pk] if isinstance(instance, Group) else list(pk_set or ())
    _forget(User.objects.filter(groups__in=groups).values_list("pk", flat=True).distinct())


m2m_changed.connect(_people_changed, sender=User.groups.through, dispatch_uid="admin_link_groups")
m2m_changed.connect(_people_changed, sender=User.user_permissions.through, dispatch_uid="admin_link_permissions")
m2m_changed.connect(_group_permissions_changed, sender=Group.permissions.through,
                    dispatch_uid="admin_link_group_permissions")
