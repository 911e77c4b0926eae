"""Downloads (being written)."""
from django.http import Http404


def download(request, code):
    raise Http404
