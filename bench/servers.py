"""gunicorn servers on loopback: started with an environment, waited for, and always stopped."""

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

WORKERS = 2
START_TIMEOUT = 180  # seconds: two workers importing Wagtail on a busy two-core machine


class ServerFailed(RuntimeError):
    """A server did not start (or died): the bench cannot compare without it."""


def free_port(start: int = 8300) -> int:
    """A free TCP port on loopback below the ephemeral range (where clients' ports would collide)."""
    for port in range(start, 32000):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise ServerFailed("no free port on 127.0.0.1")


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def gunicorn_command(python: Path, app: str, *, port: int, config: Path | None = None) -> list[str]:
    command = [str(python), "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
               "--worker-class", "sync", "--no-control-socket"]
    if config is not None:
        command[3:3] = ["-c", str(config)]
    return command


class Servers:
    """Every server the bench started; `stop_all` ends exactly those (their process groups), whatever happened."""

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.running: list[Server] = []

    def start(self, name: str, command: list[str], *, env: dict[str, str], cwd: Path, port: int,
              ready_path: str = "/") -> Server:
        log = self.log_dir / f"{name}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT,  # noqa: S603
                                       start_new_session=True)
        server = Server(name=name, port=port, process=process, log=log)
        self.running.append(server)
        self._wait(server, ready_path)
        return server

    def _wait(self, server: Server, path: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise ServerFailed(f"{server.name} exited with {server.process.returncode}:\n{_tail(server.log)}")
            try:
                with socket.create_connection(("127.0.0.1", server.port), timeout=2) as connection:
                    connection.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
                    status = connection.recv(64).split(b" ", 2)
                if len(status) > 1 and status[1].isdigit() and int(status[1]) < 500:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise ServerFailed(f"{server.name} did not answer {path} within {START_TIMEOUT} s:\n{_tail(server.log)}")

    def stop(self, server: Server) -> None:
        if server.process.poll() is None:
            try:
                os.killpg(server.process.pid, signal.SIGTERM)
                server.process.wait(timeout=30)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(server.process.pid, signal.SIGKILL)
                server.process.wait()
        if server in self.running:
            self.running.remove(server)

    def stop_all(self) -> None:
        for server in list(self.running):
            self.stop(server)


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
