"""Background work that must not be lost: each piece recorded with its tries, retried, and shown when it fails."""
