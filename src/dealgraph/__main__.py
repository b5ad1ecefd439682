"""``python -m dealgraph`` runs the command line."""

from dealgraph.cli import main

main()
