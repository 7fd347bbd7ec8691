"""Pure geometry of the lumbosacral spine: parameters with sources, shape builders, measurements."""
