"""clay-csp: a Content-Security-Policy on every page of the site."""
