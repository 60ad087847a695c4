"""The public site: pages, their URLs, feeds, sitemaps, language alternates, structured data."""
