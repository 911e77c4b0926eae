# One way to write a date in English across the site, the certificates and the emails: "27 November 2026".
# Day first and the year last, which enrollments.session_label relies on to write ranges of dates.
DATE_FORMAT = "j F Y"
