"""`python -m l5viz` runs the same entry point as the `l5viz` console script."""

from l5viz.cli import main

raise SystemExit(main())
