"""Batched inserts, a progress bar, and the few helpers every generator shares (weighted draws, moments)."""

import itertools
import random
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time

from django.db import models, transaction
from django.utils import timezone
from tqdm import tqdm

BATCH = 5_000
LOAD_DOMAIN = "load.example.org"  # a reserved domain: nobody's address, and the mark of load data


class Writer:
    """Writes rows in batches of `BATCH`, one transaction per batch, counting per model; shows progress on
    stderr when `progress` (and stderr is a terminal)."""

    def __init__(self, *, progress: bool):
        self.progress = progress and sys.stderr.isatty()
        self.counts: dict[str, int] = {}

    def bar(self, total: int | None, what: str) -> tqdm:
        return tqdm(total=total, desc=what, unit=" rows", disable=not self.progress, file=sys.stderr,
                    leave=False, dynamic_ncols=True)

    def insert(self, model: type[models.Model], rows: Iterable[models.Model], *, total: int | None = None) -> list:
        """Inserts `rows` (a list or a generator) in batches; returns them with their primary keys."""
        written: list = []
        if total is None and isinstance(rows, list):
            total = len(rows)
        with self.bar(total, str(model._meta.verbose_name_plural)) as bar:
            for chunk in chunks(rows, BATCH):
                with transaction.atomic():
                    written += model.objects.bulk_create(chunk)
                bar.update(len(chunk))
        self.add(model, len(written))
        return written

    def add(self, model: type[models.Model], count: int) -> None:
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + count


def chunks(rows: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@contextmanager
def timestamps_as_given(*fields: models.DateTimeField):
    """Lets bulk inserts keep the `created_at` and `updated_at` they are given (a place taken two years ago),
    where Django would stamp the moment of the insert."""
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class Weighted:
    """Draws keys of `weights` in proportion to their weights (relative, not per cent)."""

    def __init__(self, weights: dict):
        self.keys = list(weights)
        self.cumulative = list(itertools.accumulate(weights.values()))

    def draw(self, rng: random.Random):
        return rng.choices(self.keys, cum_weights=self.cumulative)[0]


def at(day: date, moment: time) -> datetime:
    """A moment on a day, in the site's time zone (Kyiv)."""
    return timezone.make_aware(datetime.combine(day, moment))
