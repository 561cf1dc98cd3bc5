"""Run the command-line interface as ``python -m pipeline``."""

from pipeline.cli import main

main()
