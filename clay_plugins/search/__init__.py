"""clay-search: a per-language Pagefind index of the built site and its search box in the header."""
