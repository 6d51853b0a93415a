"""Step 3 pages (filled in below)."""
