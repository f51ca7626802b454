"""Loading YAML specs with source positions and validating them with Cerberus."""
