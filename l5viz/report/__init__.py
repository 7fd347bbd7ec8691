"""From a radiology report to the scene: read the report's findings as lesion specs (reader), and say in plain
words what each one is and which nerve it reaches (explain). No Qt, no VTK."""
