"""Reports for coordinators and donors: reach, attendance, completion and learning, disaggregated and against a
project's targets. It sits above certificates and enrollments (it reads both) and below nothing but the project."""
