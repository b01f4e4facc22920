"""Guided relaxation exercises: the timing engine (plain Python, no Textual).

`schedule` turns an exercise into a plan of timed cues; `session` runs a plan
against a monotonic clock; `custom` builds the user's own breathing pattern; `cli` is
the plain-text `hfs-tui exercise` command.
"""
