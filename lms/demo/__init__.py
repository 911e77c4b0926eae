"""The demo: a guest on the top floor that builds a site to try, through the same doors as everyone else.

`manage.py seed_demo` (`make run`) loads pages, people, sessions, quizzes, results, certificates and an open
call from `curriculum/`. Idempotent: everything is looked up first and created only when missing, so running it
again creates nothing and never overwrites what an editor or a coordinator changed.

Records (accounts, places, attendance, quiz attempts, applications and decisions, certificates) are written
through the services the site itself uses; pages, sessions, calls, rules and settings, which editors and
coordinators make in the Wagtail admin with no service behind it, are written as models. Each module's
docstring says which is which. The demo emails nobody: it asks the services that would (`enroll`,
`move_application`) not to.

The modules import one another in one direction, at the top and through public names only
(`tests/lms/demo/test_package.py` checks it), from the ground up:

    sources, pages, people      reading `curriculum/`; writing pages; the log-ins and background accounts
    site, sessions              the page tree in both languages; training sessions and places on them
    quizzes, results            quiz pages; the finished session's attendance and attempts
    certificates, calls         certificate rules and awards; the open call, its applications and decisions
    seed                        all of it in order, and the report `manage.py seed_demo` prints
"""
