"""Rendering: the only layer that creates or touches VTK actors (headless or inside the Qt window)."""
