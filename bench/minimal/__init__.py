"""The ceiling: the smallest Django project that answers a request ("ok"), served like ours."""
