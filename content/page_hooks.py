"""How a page asks the apps above it for what it shows of their records (house rule: lower apps never import
higher ones). Each such app registers a function for the page's hook in its `wagtail_hooks.py`:
`fn(page, request, context) -> dict`, whose result is added to the page's template context."""

from wagtail import hooks


def add_from_hooks(hook_name: str, page, request, context: dict) -> dict:
    """The page's context with what every function registered for `hook_name` adds to it, in registration order."""
    for fn in hooks.get_hooks(hook_name):
        context.update(fn(page, request, context))
    return context
