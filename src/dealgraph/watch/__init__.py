"""Following live news: RSS/Atom feeds polled, their new pages fetched politely and ingested."""
