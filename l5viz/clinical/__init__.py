"""Clinical rules on top of the geometry: from compression to affected roots, symptoms and red flags."""
