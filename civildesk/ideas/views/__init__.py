"""Pages of the ideas app: meetings (``meetings``), rounds and voting (``rounds``), minutes (``minutes``)."""
