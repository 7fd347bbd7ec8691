"""The body's skin: its reference frame, skin coordinates, dermatome labels and landmarks (no VTK)."""
