"""The web editor at /admin/ (Sveltia CMS), configured from the content types' declarations."""
