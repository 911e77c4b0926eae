# One way to write a date in Ukrainian across the site, the certificates and the emails: "27 листопада 2026".
# Day first and the year last, which enrollments.session_label relies on to write ranges of dates.
DATE_FORMAT = "j E Y"
