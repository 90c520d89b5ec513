"""Run the command line as ``python -m plotmodel``."""

from plotmodel._console import run

if __name__ == "__main__":
    run()
