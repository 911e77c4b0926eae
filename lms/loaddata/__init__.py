"""Load data: a large, realistic, reproducible site for the report pages and `make bench` to be measured on.

`manage.py generate_load_data --scale XS|S|M|L` writes participants, trainers, training sessions across the
oblasts, places, attendance, pre- and post-tests and self-paced quiz attempts, open calls with applications, and
the certificates the demo's rules would have issued. The courses, quizzes and certificate rules are the demo's
(`seed_demo` runs first on a site without courses).

Unlike the demo, nothing here goes through the services: a hundred thousand people through `create_account` and
`record_attendance` would take hours. Rows are built in memory from one seeded random generator and written with
`bulk_create` in batches, with no signals; what the services would compute (scores, certificate snapshots) is
computed with the same public functions they use (`score_attempt`, `training_hours`, `to_latin`).

Everything written hangs off accounts at `@load.example.org`: participants, trainers (load sessions are the ones
a load trainer runs), and the load calls (named with `CALL_PREFIX`). `--clear` removes exactly that.

    scales, vocabulary, bulk      the sizes; names, places and weights; batched inserts
    people, sessions, quizzes     accounts and profiles; sessions, places, attendance; quiz attempts
    certificates, calls           what the rules award; open calls and applications
    clear, generate               removing load data; all of it in order, with counts
"""
