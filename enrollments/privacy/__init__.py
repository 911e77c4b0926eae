"""Privacy operations: what people may see, take and erase of their own data, how long it is kept, and who looked.

- Records: `models` (ErasureRequest, AccessRecord).
- Reading everything held about one person: `personal_data` (JSON and a readable page).
- Erasure: `erasure` (the request, the review, and the erasing itself).
- Retention: `retention` (the pure rule: what is due, per purpose) and `services` (removing it).
- Access log: `access` (writing who viewed or exported whose records).
"""
