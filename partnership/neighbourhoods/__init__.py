"""Municipalities and their neighbourhoods: the territory every step is planned for."""
