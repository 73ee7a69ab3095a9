"""`clay serve`: the site previewed while it is edited (clay_plugins/serve/)."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

from clay_plugins.cli.site import Site, find_config
from clay_plugins.l10n import E_
from clay_plugins.l10n import render as say


def _address(text: str) -> tuple[str, int] | None:
    host, _, port = text.rpartition(":")
    return (host or "127.0.0.1", int(port)) if port.isdigit() else None


def run(site: Site, args: argparse.Namespace, lang: str) -> int:
    from clay_plugins.serve.preview import Outcome, Preview
    from clay_plugins.serve.server import serve

    address = _address(args.dev_addr)
    if address is None:
        print(say(E_("clay serve: {address} is not an address — give it as IP:PORT, e.g. "
                     "127.0.0.1:8000", address=args.dev_addr), lang), file=sys.stderr)
        return 2
    # MkDocs' own lines (the server's, the build's warnings), as `mkdocs serve` shows them
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logging.getLogger("mkdocs.livereload").setLevel(logging.INFO)  # where it serves
    config = (args.config or find_config()).resolve()

    def report(outcome: Outcome) -> None:
        if outcome.kind == "broken":
            for line in outcome.problems:
                print(line, file=sys.stderr)
            print(say(E_("clay serve: the preview shows the last version that built; fix the "
                         "lines above and save again"), lang), file=sys.stderr)
        elif outcome.kind == "build":
            print(say(E_("clay serve: the whole site built in {seconds} s",
                         seconds=f"{outcome.seconds:.2f}"), lang), file=sys.stderr)
        elif outcome.kind == "pages":
            for line in outcome.problems:
                print(line, file=sys.stderr)
            print(say(E_("clay serve: {pages} pages and {files} files written again in "
                         "{seconds} s", pages=outcome.pages, files=outcome.files,
                         seconds=f"{outcome.seconds:.2f}"), lang), file=sys.stderr)

    def indexed(made: bool) -> None:
        if made:
            print(say(E_("clay serve: search index updated"), lang), file=sys.stderr)

    with tempfile.TemporaryDirectory(prefix="clay-serve-") as temporary:
        site_dir = args.site_dir or Path(temporary)
        serve(Preview(config, site_dir, lang), address[0], address[1], report, indexed)
    return 0
