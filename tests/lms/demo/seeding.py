"""Running `seed_demo` from the demo tests."""

from io import StringIO

from django.core.management import call_command


def seed(**options) -> str:
    """`seed_demo` with its options (e.g. users=True); what it printed."""
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()
