"""The Cerberus schemas and the agency registry shipped with drafting (package data ``drafting.specs``)."""
