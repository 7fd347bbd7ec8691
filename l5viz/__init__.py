"""l5viz: an educational 3D viewer of the L5 nerve root. For education, not diagnosis."""

__version__ = "0.1.0"
