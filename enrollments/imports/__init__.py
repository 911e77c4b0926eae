"""Importing a participant list: reading the file (`parsing`), what importing would do (`planning`),
the accounts and places it looks up (`selectors`) and the all-or-nothing write (`services`)."""
