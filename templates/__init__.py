"""The Word templates shipped with drafting (package data ``drafting.templates``; rebuilt by build_templates.py)."""
