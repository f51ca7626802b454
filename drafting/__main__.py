"""`python -m drafting …` is `drafting …`."""

from .launch import main

main()
