"""`make bench`'s own code that needs no server: reading wrk, the forms it posts, the order of runs, the table."""

import os
import sys
from urllib.parse import parse_qsl

import pytest

from bench import databases, forms, run, servers, table, wrk

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8300/uk/
  2 threads and 8 connections
  Latency Distribution
     50%   11.00ms
     99%   25.00ms
  1000 requests in 5.00s, 1.20MB read
  Non-2xx or 3xx responses: 3
BENCH {"requests": 1000, "duration_us": 5000000, "bytes": 1200000, "p50_us": 11000, "p95_us": 19500, \
"p99_us": 25000, "status_errors": 3, "socket_errors": 1}
Requests/sec:    200.00
"""


def test_a_wrk_run_is_read_from_the_scripts_summary_line():
    result = wrk.parse(WRK_OUTPUT)

    assert result == wrk.Run(requests=1000, seconds=5.0, p50=11.0, p95=19.5, p99=25.0, status_errors=3,
                             socket_errors=1)


def test_output_without_the_summary_line_is_an_error():
    with pytest.raises(ValueError, match="no BENCH line"):
        wrk.parse("Running 5s test @ http://127.0.0.1:8300/\n")


def test_runs_add_up_to_requests_per_second_over_all_of_them_and_median_percentiles():
    runs = [wrk.Run(1000, 5.0, 10, 20, 30, 0, 0), wrk.Run(500, 5.0, 12, 24, 40, 2, 0),
            wrk.Run(1500, 5.0, 8, 16, 20, 0, 1)]

    summary = wrk.summarise(runs)

    assert summary.rps == pytest.approx(200.0)
    assert (summary.p50, summary.p95, summary.p99) == (10, 20, 30)
    assert (summary.failed, summary.requests) == (3, 3000)


def test_the_wrk_command_passes_method_body_and_headers_to_the_script(tmp_path):
    body = tmp_path / "body"

    command = wrk.command("http://127.0.0.1:8300/x/", seconds=5, method="POST", body_file=body,
                          headers={"Cookie": "sessionid=abc"})

    assert command[:6] == ["wrk", "-t2", "-c8", "-d5s", "--latency", "--timeout"]
    assert command[-5:] == ["http://127.0.0.1:8300/x/", "--", "POST", str(body), "Cookie: sessionid=abc"]


ROSTER = """
<form method="get" action="/search/"><input name="q" value="x"></form>
<form method="post" class="roster">
  <input type="hidden" name="csrfmiddlewaretoken" value="tok">
  <input type="radio" name="status_7" value="present"><input type="radio" name="status_7" value="absent">
  <input type="radio" name="status_8" value="present"><input type="radio" name="status_8" value="late" checked>
  <textarea name="note_7">
Came at ten</textarea>
  <input type="checkbox" name="all_present"><input type="checkbox" name="notify" value="yes" checked>
  <select name="method"><option value="roster">Roster</option><option value="paper" selected>Paper</option></select>
  <select name="day"><option>1</option><option>2</option></select>
  <input type="text" name="disabled_one" value="no" disabled>
  <button type="submit" name="save">Save</button>
</form>
<form method="post"><input type="email" name="email"></form>
"""


def test_a_form_posts_what_a_browser_would_with_a_radio_chosen_in_every_group():
    form = forms.find_form(ROSTER, having="status_")

    assert parse_qsl(form.body()) == [
        ("csrfmiddlewaretoken", "tok"), ("status_8", "late"), ("note_7", "Came at ten"), ("notify", "yes"),
        ("method", "paper"), ("day", "1"), ("status_7", "present"),
    ]
    assert ("status_7", "present") not in parse_qsl(form.body(choose_radios=False))


def test_the_form_is_found_by_the_start_of_a_field_name_and_must_post():
    assert "email" in forms.find_form(ROSTER, having="email").names()
    with pytest.raises(LookupError):
        forms.find_form(ROSTER, having="q")


def test_the_client_keeps_secure_cookies_for_plain_http():
    client = forms.Client("http://127.0.0.1:8300")
    client.cookies.update({"csrftoken": "a", "sessionid": "b"})

    assert client.cookie_header() == "csrftoken=a; sessionid=b"


def _target(label: str, size: str) -> run.Target:
    return run.Target(label=label, size=size, url="http://x/", path="/")


def test_rounds_interleave_the_sizes_of_a_page_with_the_references_in_turn():
    pages = [[_target("home", "demo"), _target("home", "large")], [_target("course", "demo"),
                                                                   _target("course", "large")]]
    minimal, peer, lesson = (_target(name, "reference") for name in ("minimal", "peer", "lesson"))

    order = run.schedule(pages, [minimal, peer, lesson], rounds=2)

    assert [(t.label, t.size) for t in order] == [
        ("home", "demo"), ("home", "large"), ("minimal", "reference"),
        ("course", "demo"), ("course", "large"), ("peer", "reference"),
        ("lesson", "reference"),  # every reference at least once a round
        ("home", "demo"), ("home", "large"), ("lesson", "reference"),
        ("course", "demo"), ("course", "large"), ("minimal", "reference"),
        ("peer", "reference"),
    ]


def test_pages_are_chosen_with_only_and_unknown_ones_refused(capsys):
    args = run.parse_args(["--only", "course,module-in", "--only", "verify", "--sizes", "demo"])

    assert [page.key for page in args.pages] == ["course", "module-in", "verify"]
    assert args.sizes == ["demo"]
    with pytest.raises(SystemExit):
        run.parse_args(["--only", "nowhere"])
    assert "unknown page(s) nowhere" in capsys.readouterr().err


def test_the_table_shows_failures_and_cold_queries_only_when_they_differ():
    summary = wrk.Summary(rps=1234.4, p50=5.04, p95=9.96, p99=20.0, failed=0, requests=6000)
    rows = [table.Row("home", "demo", summary, queries=2, first_queries=16),
            table.Row("search", "large", wrk.Summary(45.67, 100, 150, 200, 12, 400), queries=9, first_queries=9),
            table.Row("verify", "large", None)]

    assert table.markdown(rows).splitlines()[2:] == [
        "| home | demo | 1,234 | 5.0 | 10.0 | 20.0 | 2 (first 16) | 0 |",
        "| search | large | 45.7 | 100.0 | 150.0 | 200.0 | 9 | 12 of 400 |",
        "| verify | large | — | — | — | — | — | not run |",
    ]


def test_a_new_section_goes_first_after_the_introduction():
    text = "# Performance\n\nIntro.\n\n## Older\n\nold\n"

    expected = "# Performance\n\nIntro.\n\n## New\n\nnew\n\n## Older\n\nold\n"
    assert table.insert_section(text, "## New\n\nnew\n") == expected


def test_a_bench_database_url_keeps_the_server_and_names_the_database():
    assert databases.database_url("postgres://postgres@127.0.0.1:5432/", "hromada_bench_demo") == \
        "postgres://postgres@127.0.0.1:5432/hromada_bench_demo"


def test_the_fingerprint_changes_with_a_migration(tmp_path):
    migration = tmp_path / "content" / "migrations" / "0001_initial.py"
    migration.parent.mkdir(parents=True)
    migration.write_text("one")
    before = databases.fingerprint(tmp_path)
    migration.write_text("two")

    assert databases.fingerprint(tmp_path) != before


def test_a_server_that_exits_fails_the_start_with_its_log(tmp_path):
    box = servers.Servers(tmp_path)
    command = [sys.executable, "-c", "print('no settings'); raise SystemExit(3)"]

    with pytest.raises(servers.ServerFailed, match="exited with 3(.|\n)*no settings"):
        box.start("broken", command, env=dict(os.environ), cwd=tmp_path, port=servers.free_port(20500))
    box.stop_all()

    assert box.running == []


def test_stop_all_ends_the_servers_it_started(tmp_path):
    port = servers.free_port(20600)
    box = servers.Servers(tmp_path)
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    server = box.start("http", command, env=dict(os.environ), cwd=tmp_path, port=port)

    box.stop_all()

    assert server.process.poll() is not None
    assert box.running == []


def test_the_certificate_pdfs_line_says_the_time_against_its_budget():
    line = run.pdf_line({"count": 1000, "processes": 2, "seconds": 38.2, "ms_per_pdf": 38.2, "bytes": 19_000_000})
    assert line == ("**1,000 certificate PDFs** in 2 processes: 38.2 s (38.2 ms a PDF; budget: under 60 s).")
    assert run.pdf_line(None) == ""
