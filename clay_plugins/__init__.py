"""MkDocs plugins and editors' tools of the CLAY site (ADR Sud-Vest Oltenia, Interreg Europe)."""
