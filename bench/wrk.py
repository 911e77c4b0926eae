"""Running wrk on one URL and reading what it measured (the `BENCH {...}` line of wrk.lua)."""

import json
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("wrk.lua")
CONNECTIONS, THREADS = 8, 2


@dataclass(frozen=True)
class Run:
    """One wrk run: how many requests in how long, the latency percentiles (ms) and the failures."""

    requests: int
    seconds: float
    p50: float
    p95: float
    p99: float
    status_errors: int  # responses other than 2xx and 3xx
    socket_errors: int


def command(url: str, *, seconds: int, method: str = "GET", body_file: Path | None = None,
            headers: dict[str, str] | None = None) -> list[str]:
    extra = [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s",
            "-s", str(SCRIPT), url, "--", method, str(body_file) if body_file else "-", *extra]


def parse(output: str) -> Run:
    """The run described by wrk's output; ValueError when the script's summary line is missing."""
    for line in output.splitlines():
        if line.startswith("BENCH "):
            data = json.loads(line.removeprefix("BENCH "))
            return Run(requests=data["requests"], seconds=data["duration_us"] / 1e6,
                       p50=data["p50_us"] / 1000, p95=data["p95_us"] / 1000, p99=data["p99_us"] / 1000,
                       status_errors=data["status_errors"], socket_errors=data["socket_errors"])
    raise ValueError(f"wrk printed no BENCH line:\n{output}")


def run(url: str, *, seconds: int, method: str = "GET", body_file: Path | None = None,
        headers: dict[str, str] | None = None) -> Run:
    result = subprocess.run(command(url, seconds=seconds, method=method, body_file=body_file, headers=headers),  # noqa: S603
                            capture_output=True, text=True, timeout=seconds + 60, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed on {url}: {result.stderr or result.stdout}")
    return parse(result.stdout)


@dataclass(frozen=True)
class Summary:
    """Several runs of one page together: requests/s over all of them, the median of each percentile."""

    rps: float
    p50: float
    p95: float
    p99: float
    failed: int  # non-2xx/3xx responses and socket errors, all runs together
    requests: int


def summarise(runs: list[Run]) -> Summary:
    seconds = sum(run.seconds for run in runs)
    requests = sum(run.requests for run in runs)
    return Summary(rps=requests / seconds if seconds else 0.0,
                   p50=statistics.median(run.p50 for run in runs), p95=statistics.median(run.p95 for run in runs),
                   p99=statistics.median(run.p99 for run in runs),
                   failed=sum(run.status_errors + run.socket_errors for run in runs), requests=requests)
