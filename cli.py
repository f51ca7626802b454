"""Entry point at the repository root (design card): `python cli.py …` is `drafting …`."""

from drafting.launch import main

if __name__ == "__main__":
    main()
