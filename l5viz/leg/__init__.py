"""The lower body (buttocks to toes): geometry, skin coordinates, dermatome labels and landmarks (no VTK)."""
