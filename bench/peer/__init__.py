"""wagtail-lms 0.11 as its own example project would serve it: the bench's peer (run in .venv-bench-peer)."""
