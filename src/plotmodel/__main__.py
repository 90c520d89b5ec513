"""Run the command line as ``python -m plotmodel``."""

import sys

from plotmodel.cli import main

if __name__ == "__main__":
    sys.exit(main())
