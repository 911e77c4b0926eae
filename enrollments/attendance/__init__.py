"""Attendance: the rules (`rules`, `checkin`), marking and walk-ins (`services`), the roster reads
(`selectors`) and the trainer's and participant's pages (`views`, `forms`, `urls`)."""
