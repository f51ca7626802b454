"""Plain dataclasses of the domain: plans, tasks, agencies. Nothing here knows about Word."""
