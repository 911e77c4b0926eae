"""The `<id:…>` path converter: a database id in our URLs, in place of Django's `<int:…>`.

`int` takes any number of digits, and an id past what a 64-bit column holds (2**63 or more) reached the
database as an `OverflowError`, a 500, wherever the lookup was not a plain `pk=` on an integer column (a page's
`page_ptr`, a foreign key). At most 18 digits always fits, so such a URL matches nothing and is a 404.
Every app's URLs use it, so it lives in the app every other may import; importing this module registers it.
"""

from django.urls import register_converter

ID = "id"  # the converter's name, for routes built in code: f"edit/<{ID}:pk>/", a viewset's `pk_path_converter`
MAX_DIGITS = 18  # 10**18 - 1 < 2**63 - 1


class IdConverter:
    regex = f"[0-9]{{1,{MAX_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return str(int(value))


register_converter(IdConverter, ID)
