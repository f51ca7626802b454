"""`python -m drafting …` is `drafting …`."""

from .cli import main

main()
