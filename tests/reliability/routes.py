"""The URL patterns of ours, found by walking the URL configuration: for the reliability tests that must cover every
URL, including one added tomorrow, without a new test."""

from dataclasses import dataclass

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

OUR_APPS = ("content", "courses", "enrollments", "certificates", "lms")


@dataclass(frozen=True)
class Route:
    """One URL pattern of ours, by its reversible name, with its parameters and the model of its viewset if any."""

    name: str
    parameters: tuple[str, ...]
    model: type | None
    positional: int = 0  # unnamed groups of a re_path() (Wagtail's page path)


def _ours(module: str) -> bool:
    return module.split(".")[0] in OUR_APPS


def _view_module(pattern: URLPattern) -> str:
    callback = pattern.callback
    return getattr(getattr(callback, "view_class", None), "__module__", None) or callback.__module__


def _viewset_models() -> dict[str, type]:
    """Namespace → model of every Wagtail viewset registered by one of our apps or for one of our models."""
    from wagtail.admin.viewsets import viewsets

    models = {}
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if isinstance(model, str):
            model = apps.get_model(model)
        if _ours(type(viewset).__module__) or (model is not None and _ours(model.__module__)):
            models[viewset.url_namespace] = model
    return models


def _parameters(pattern: URLPattern | URLResolver) -> tuple[str, ...]:
    return tuple(pattern.pattern.regex.groupindex)  # named groups: a path()'s converters, a re_path()'s groups


def _unnamed(pattern: URLPattern | URLResolver) -> int:
    regex = pattern.pattern.regex
    return regex.groups - len(regex.groupindex)


def walk(resolver: URLResolver | None = None, namespace: str = "", found: list | None = None,
         models: dict | None = None, outer: tuple[str, ...] = (), unnamed: int = 0) -> list[Route]:
    """Every named URL pattern whose view is ours or belongs to one of our viewsets."""
    resolver = resolver or get_resolver()
    found = [] if found is None else found
    models = _viewset_models() if models is None else models
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            inner = f"{namespace}:{item.namespace}".strip(":") if item.namespace else namespace
            walk(item, inner, found, models, outer + _parameters(item), unnamed + _unnamed(item))
            continue
        if not item.name:
            continue
        model = models.get(namespace)
        if _ours(_view_module(item)) or model is not None:
            name = f"{namespace}:{item.name}" if namespace else item.name
            found.append(Route(name, outer + _parameters(item), model, unnamed + _unnamed(item)))
    return list({route.name: route for route in found}.values())
