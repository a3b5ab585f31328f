"""CivilDesk: a digital civil-service platform for a provincial government."""
