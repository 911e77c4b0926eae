"""`make bench`: the site's pages under load beside a minimal Django view and wagtail-lms (docs/performance.md).

Not a Django app: `run.py` drives everything from outside; `targets.py` and `queries.py` run inside the project
(production settings, the bench database) as `python -m bench.targets` / `python -m bench.queries`.
"""
