from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo content and its `seed_demo` command; no models of its own."""

    name = "lms.demo"
    label = "demo"
    verbose_name = "Demo"
