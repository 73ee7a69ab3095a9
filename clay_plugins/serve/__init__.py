"""`clay serve`: a preview that builds the site once, then renders again only what a saved
report changes (preview.py), served with MkDocs' live-reload server (server.py)."""
