"""Real simultaneous writers for the concurrency tests: tasks in threads released at the same instant."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections

JOIN_TIMEOUT = 30  # seconds; a deadlock fails the test instead of hanging CI


def run_together(tasks: list[Callable[[], Any]]) -> list[Any]:
    """Run every task in its own thread, released at the same instant; return results or raised exceptions."""
    barrier = threading.Barrier(len(tasks), timeout=JOIN_TIMEOUT)
    results: list[Any] = [None] * len(tasks)

    def run(index: int, task: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = task()
        except BaseException as error:  # noqa: BLE001 - reported to the test below
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, task), daemon=True) for i, task in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck: deadlock or lock wait"
    return results


def raised(results: list[Any]) -> list[BaseException]:
    return [result for result in results if isinstance(result, BaseException)]
