"""Service functions: one user action each, one unit of work, its audit entry inside it.

Every function takes plain values (and the open Database) and returns plain values
(dicts shaped like the CLI's JSON output), raising warroom.errors on refusal.
"""
