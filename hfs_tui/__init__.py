"""hfs-tui: an accessible terminal companion for people with hemifacial spasm."""

__version__ = "0.1.0"
