"""Files other than HTML pages: one small module each (JSON-LD, sitemap and robots, feeds, calendars, search)."""
