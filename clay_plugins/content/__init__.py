"""The editors' contracts: loading, validating and checking content files.

Pure Python with no MkDocs import, shared by the MkDocs plugins (the build) and the
`clay` command (`clay check`), so that the two never disagree.
"""
