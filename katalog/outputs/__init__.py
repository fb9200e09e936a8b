"""Machine-readable outputs: one small module each (JSON-LD, sitemap, robots, feeds, calendars)."""
