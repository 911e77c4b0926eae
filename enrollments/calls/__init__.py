"""Open calls: from a call page to an accepted, enrolled team.

- Pure rules: `window` (Kyiv-time opening and deadline), `eligibility` (community, oblast, profession),
  `answers` (questions and their answers), `uploads` (file type by content, size), `rubric` (weighted
  totals and averages), `transitions` (which decision is possible from which status and stage).
- Records: `models` (Application, ApplicationFile, ApplicationChange, Review, DecisionEmail).
- Applicants: `services` (writes), `selectors` (reads), `forms`, `views`, `urls`, `permissions`.
- Reviewers and coordinators: `review` (rubric marks), `decisions` (moves, one or many, and enrollment on
  acceptance), `emails` (bilingual decision emails), `export` (CSV, XLSX, team list), and the admin
  (`admin_views`, `admin_forms`, `admin_urls`, `viewsets`).

The call itself is a Wagtail page (`content.models.CallPage`); applications never live on the page.
"""
