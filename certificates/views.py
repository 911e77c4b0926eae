"""Public verification (being written)."""
from django.http import Http404


def verify_form(request):
    raise Http404


def verify(request, code):
    raise Http404
