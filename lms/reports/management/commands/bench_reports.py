"""`manage.py bench_reports [--rounds N]`: how long each report takes on this database, as a coordinator opens it.

A benchmark, not a test: it prints the median and worst of N rounds and the queries of each, for the whole
programme, the busiest project, an oblast, a course and a session, both the report's figures alone and the admin
page a coordinator gets (with its pictures), plus the report's CSV. Run it on load data
(`generate_load_data --scale L`) with PostgreSQL and record the table in docs/performance.md.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lms.reports import facts
from lms.reports.models import Participation, Project
from lms.reports.selectors import Filters, programme_report


class Command(BaseCommand):
    help = "Time the report pages on this database (run on load data, with PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=5)

    def handle(self, *args, rounds: int, **options):
        facts.refresh_stale()
        places = Participation.objects.count()
        self.stdout.write(f"{connection.vendor}, {places} places in the report facts, {rounds} rounds\n")
        cases = self._cases()
        client = Client(HTTP_HOST="localhost")
        client.force_login(get_user_model().objects.filter(is_superuser=True).first()
                           or get_user_model().objects.filter(groups__name="Coordinator").first())
        self.stdout.write("| report | figures: median ms (worst) | queries | admin page: median ms (worst) | CSV: "
                          "median ms |\n|---|---:|---:|---:|---:|")
        for name, filters, query in cases:
            figures_ms, figure_queries = self._time(rounds, lambda filters=filters: programme_report(filters))
            page_ms, _ = self._time(rounds, lambda query=query: self._get(client, "/admin/reports/", query))
            csv_ms, _ = self._time(max(1, rounds // 2),
                                   lambda query=query: self._get(client, "/admin/reports/download/csv/", query))
            self.stdout.write(f"| {name} | {statistics.median(figures_ms):.0f} ({max(figures_ms):.0f}) | "
                              f"{figure_queries} | {statistics.median(page_ms):.0f} ({max(page_ms):.0f}) | "
                              f"{statistics.median(csv_ms):.0f} |")

    def _cases(self):
        cases = [("whole programme", Filters(), {})]
        project = Project.objects.annotate(n=Count("sessions")).order_by("-n").first()
        if project:
            cases.append((f"project {project.code}", Filters(project=project), {"project": project.pk}))
        busiest = (Participation.objects.values("session_oblast").annotate(n=Count("pk")).order_by("-n").first()
                   or {})
        if busiest.get("session_oblast"):
            oblast = busiest["session_oblast"]
            cases.append((f"oblast {oblast}", Filters(oblast=oblast), {"oblast": oblast}))
        course = Participation.objects.values("course_key").annotate(n=Count("pk")).order_by("-n").first()
        if course:
            key = course["course_key"]
            cases.append(("busiest course", Filters(course_key=key), {"course": str(key)}))
        session = Participation.objects.values("session_id").annotate(n=Count("pk")).order_by("-n").first()
        if session:
            cases.append(("one session", Filters(session_id=session["session_id"]), {"session": session["session_id"]}))
        return cases

    @staticmethod
    def _get(client, url, query):
        response = client.get(url, query)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        if response.streaming:
            b"".join(response.streaming_content)
        return response

    @staticmethod
    def _time(rounds, work):
        times, queries = [], 0
        for _ in range(rounds):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                work()
                times.append((time.perf_counter() - start) * 1000)
            queries = len(captured.captured_queries)
        return times, queries
