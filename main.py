"""Start Caseworker: `python main.py [--db PATH]`, or `python main.py demo --cases N`."""

from caseworker_app.app import main

if __name__ == "__main__":
    raise SystemExit(main())
