"""Multi-document workflows: report forms (shells), collecting them, reports, next year, build, diff."""
