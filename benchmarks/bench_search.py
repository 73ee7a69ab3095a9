"""Search on a generated site of N reports per language: bytes of a first search, build time.

Usage (from the repository root; about 12 minutes on 2 cores for the default 1000 per language):

    NO_MKDOCS_2_WARNING=1 .venv/bin/python benchmarks/bench_search.py [--reports 1000]

Builds of the same generated site (synthetic Romanian text with diacritics and its English
translation; reports kept out of the navigation, as the meetings plugin does), with the
repository's overrides and static-i18n (`reconfigure_search: false`, linear):
  none      no search at all (the baseline build time);
  material  Material's `search` plugin, `lang: [ro, en]`: one lunr index, search_index.json;
  pagefind  clay-search: Pagefind indexes per language, fetched in chunks;
  meetings  clay-search on the reports written in the editors' format and built with
            clay-meetings (facts header, generated list pages), as the real site is;
            `--lists-indexed` builds it with the list and header templates stripped of
            data-pagefind-ignore, as they were before.
Each site is served on 127.0.0.1 and searched in headless Chromium through its header search,
the way a reader does, from a fresh browser (empty cache) per query; every response body is
counted (`raw`) and also compressed with gzip -6 (`gzip`, what a host that compresses text,
such as GitHub Pages, sends; Pagefind's .pagefind/.pf_* files are already gzip).
The figures are written to stdout as a Markdown table (copied into benchmarks/SEARCH.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.conftest import CHROMIUM_ARGS, chromium_path, serve_directory  # noqa: E402
from tests.sitebuild import make_site, plugin_entry, repo_config  # noqa: E402

MEETINGS_TEMPLATES = REPO / "clay_plugins" / "meetings" / "templates" / "clay"


def words(text: str) -> list[str]:
    return text.split()


# Reports are written from three layers of vocabulary, as real ones are: function words (in
# every report), the words of any meeting report (in nearly every one: "întâlnirea" is the worst
# case for the index, in every title and text), and the words of 2-3 topics out of 10 per report
# (each topic in about a quarter of the reports), plus names from a pool of 3000.
# Function words come with their frequency: occurrences in the site's own three reports per
# language (docs/meetings/, 560 Romanian and 550 English words; 0.5 for a word they do not use).
# Drawn uniformly (they were, at 50% of the text), "între", "asupra" or "către" were as
# frequent as "în", which in no real text they are.
FUNCTION_PER_560 = {
    "ro": {"și": 15, "în": 11, "pentru": 3, "despre": 1, "după": 0, "către": 0, "asupra": 1,
           "între": 0, "până": 0, "când": 0, "unde": 0, "care": 6, "este": 0, "sunt": 2, "au": 7,
           "fost": 6, "vor": 0, "fi": 1, "a": 30, "avut": 1, "loc": 1, "de": 27, "la": 7,
           "cu": 4, "din": 5, "pe": 15, "prin": 1, "mai": 2, "nu": 0, "se": 3},
    "en": {"and": 14, "in": 10, "for": 4, "about": 0, "after": 0, "towards": 2, "between": 0,
           "until": 0, "when": 0, "where": 0, "which": 2, "is": 2, "are": 1, "were": 1,
           "will": 0, "be": 0, "had": 0, "the": 75, "a": 6, "of": 19, "to": 8, "with": 4,
           "from": 1, "on": 11, "by": 0, "more": 0, "not": 0},
}
WORDS_COUNTED = {"ro": 560, "en": 550}
FUNCTION = {lang: list(counts) for lang, counts in FUNCTION_PER_560.items()}
FUNCTION_WEIGHTS = {lang: [max(n, 0.5) for n in counts.values()]
                    for lang, counts in FUNCTION_PER_560.items()}
# share of function words in the text: 30% (ro) and 32% (en) in the site's reports
FUNCTION_SHARE = {lang: sum(FUNCTION_WEIGHTS[lang]) / WORDS_COUNTED[lang] for lang in FUNCTION}
COMMON = {
    "ro": words("întâlnirea grupului regional actorilor relevanți participanții reprezentanții "
                "s-a discutat s-au prezentat concluziile raportul propuneri întrebări "
                "răspunsuri următoarea ședință agenția dezvoltare regională"),
    "en": words("meeting regional stakeholder group participants representatives discussed "
                "presented conclusions report proposals questions answers next session "
                "development agency regional"),
}
TOPICS = {
    "ro": [
        words("finanțare finanțarea fondurile structurale apelul cererea buget sprijin "
              "programul operațional"),
        words("ședința şedinţa consiliului comitetul vot hotărârea ordinea zilei procesul verbal"),
        words("ceramică ceramica artistică meșteșugari meşteşugari atelierul olarilor Horezu "
              "lut"),
        words("turism cultural tradiție patrimoniu imaterial UNESCO muzeul satului vizitatori"),
        words("inovare cercetare universitatea design modern digitalizare tehnologie"),
        words("întreprinderi mici mijlocii competitivitate piața export comerț electronic"),
        words("formare profesională tineri generație învățare ucenici școala"),
        words("indicatori monitorizare evaluare rezultate impact ținte"),
        words("parteneri europeni vizita studiu schimb experiență bune practici"),
        words("promovare comunicare târgul expoziția marcă origine certificare calitate"),
    ],
    "en": [
        words("funding funds structural call application budget support operational programme"),
        words("session council committee vote decision agenda minutes"),
        words("ceramics artistic craftsmen pottery workshop potters Horezu clay"),
        words("tourism cultural tradition heritage intangible UNESCO village museum visitors"),
        words("innovation research university design modern digitalisation technology"),
        words("small medium enterprises competitiveness market export e-commerce"),
        words("vocational training young generation learning apprentices school"),
        words("indicators monitoring evaluation results impact targets"),
        words("european partners study visit exchange experience good practices"),
        words("promotion communication fair exhibition brand origin certification quality"),
    ],
}
SYL = words("ba be bi bo bu ca ce ci co cu da de di do du la le li lo lu ma me mi mo mu na ne "
            "ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu ță șa ți âr "
            "îl ăn")


def _name(k: int) -> str:
    rng = random.Random(f"name-{k}")
    return "".join(rng.choice(SYL) for _ in range(rng.randint(2, 4))).capitalize()


NAMES = [_name(k) for k in range(3000)]

QUERIES = {
    "ro": ["intalnirea", "finantare", "sedinta", "ceramica", "horezu", "tehnologie", "dezvoltare"],
    "en": ["meeting", "funding", "technology"],
}


# a reader types, letter by letter: every search the box starts on the way is counted
TYPING_DELAY_MS = 120

# what serves the search: clay-search's own script and style (loaded with every page, counted
# here to be safe), Pagefind's bundle, Material's index and worker
SEARCH_URL_PARTS = ("/clay-search/", "/pagefind/", "/search/search_index", "/workers/search")


def report_parts(i: int, lang: str) -> tuple[str, list[str], list[int]]:
    """Title, paragraphs and topic numbers of report `i` in `lang`."""
    plan = random.Random(f"plan-{i}")  # the same topics and names in both languages
    topics = plan.sample(range(len(TOPICS[lang])), plan.randint(2, 3))
    names = plan.sample(NAMES, 12)
    rng = random.Random(f"text-{i}-{lang}")
    topic_words = [w for t in topics for w in TOPICS[lang][t]]

    share = FUNCTION_SHARE[lang]

    def word() -> str:
        # the rest shared as before: 30% words of any report, 60% topic words, 10% names
        x = rng.random()
        if x < share:
            return rng.choices(FUNCTION[lang], FUNCTION_WEIGHTS[lang])[0]
        x = (x - share) / (1 - share)
        if x < 0.3:
            return rng.choice(COMMON[lang])
        if x < 0.9:
            return rng.choice(topic_words)
        return rng.choice(names)

    title = (f"Întâlnirea {i} a grupului regional: {TOPICS[lang][topics[0]][0]}, {names[0]}"
             if lang == "ro" else
             f"Regional group meeting {i}: {TOPICS[lang][topics[0]][0]}, {names[0]}")
    paragraphs = [" ".join(word() for _ in range(rng.randint(60, 110))).capitalize() + "."
                  for _ in range(5)]
    return title, paragraphs, topics


def report(i: int, lang: str) -> str:
    title, paragraphs, _ = report_parts(i, lang)
    return f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"


# The `meetings` variant writes the same reports as the site's editors do (clay_plugins/meetings/
# CONTRACT.md): facts in the front matter, so the site has what the real one has, the facts header
# of each report and the generated lists (meetings index, year and topic pages, the home page's
# latest reports) repeating every title and summary.
TOPIC_IDS = ["funding", "session", "ceramics", "tourism", "innovation", "smes", "training",
             "indicators", "partners", "promotion"]
VENUES = ["Craiova", "Horezu", "Târgu Jiu", "Râmnicu Vâlcea", "Slatina"]
PLATFORMS = ["Cisco Webex", "Zoom", "Microsoft Teams"]
FIRST_DATE = dt.date(2016, 1, 4)


def meeting_report(i: int, lang: str) -> str:
    title, paragraphs, topics = report_parts(i, lang)
    summary = " ".join(paragraphs[0].split()[:30]).rstrip(".,") + "."
    meta: dict[str, Any] = {"title": title, "summary": summary[:300]}
    if lang == "ro":  # the Romanian report holds the facts, the translation only its texts
        facts = random.Random(f"facts-{i}")
        meta["date"] = (FIRST_DATE + dt.timedelta(days=3 * i)).isoformat()
        if facts.random() < 0.5:
            meta.update(format="online", platform=facts.choice(PLATFORMS))
        else:
            meta.update(format="in-person", venue=facts.choice(VENUES))
        meta.update(number=i + 1, participants=facts.randint(8, 40),
                    topics=[TOPIC_IDS[t] for t in topics])
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n" + "\n\n".join(paragraphs) + "\n"


def meeting_file(i: int) -> str:
    return f"meetings/{FIRST_DATE + dt.timedelta(days=3 * i)}-r{i:04d}"


def generate(root: Path, variant: str, reports: int, lists_indexed: bool = False) -> Path:
    config = repo_config()
    keep = {"i18n", "clay-i18n"} | ({"clay-search"} if variant != "material" else set())
    if variant == "meetings":
        keep.add("clay-meetings")
        meetings = plugin_entry(config, "clay-meetings")
        assert meetings is not None, "mkdocs.yml has no clay-meetings entry"
        meetings["topics"] = {
            tid: {lang: TOPICS[lang][k][0].capitalize() for lang in ("ro", "en")}
            for k, tid in enumerate(TOPIC_IDS)
        }
    plugins: list[Any] = [
        p for p in config["plugins"] if (next(iter(p)) if isinstance(p, dict) else p) in keep
    ]
    if variant == "material":
        plugins.insert(0, {"search": {"lang": ["ro", "en"]}})
    config["plugins"] = plugins
    config["nav"] = [{"Acasă": "index.md"}]
    config["not_in_nav"] = "/reports/*.md"
    files = {
        "index.md": "# Acasă\n\nRapoartele grupului regional.\n",
        "index.en.md": "# Home\n\nReports of the regional group.\n",
    }
    if variant == "meetings":
        config["not_in_nav"] = "/meetings/*.md"
        files["meetings/index.md"] = "---\ntitle: Întâlniri\n---\n\nRapoartele grupului.\n"
        files["meetings/index.en.md"] = "---\ntitle: Meetings\n---\n\nThe group's reports.\n"
        for i in range(reports):
            files[meeting_file(i) + ".md"] = meeting_report(i, "ro")
            files[meeting_file(i) + ".en.md"] = meeting_report(i, "en")
    else:
        for i in range(reports):
            files[f"reports/r{i:04d}.md"] = report(i, "ro")
            files[f"reports/r{i:04d}.en.md"] = report(i, "en")
    cfg = make_site(root, files, config=config, site_url="http://127.0.0.1/")
    if lists_indexed:
        # the meetings templates as they were before data-pagefind-ignore (for comparison)
        target = root / "overrides" / "clay"
        target.mkdir(parents=True, exist_ok=True)
        for template in MEETINGS_TEMPLATES.glob("*.html"):
            text = template.read_text(encoding="utf-8").replace(" data-pagefind-ignore", "")
            (target / template.name).write_text(text, encoding="utf-8")
    if variant == "material":
        # Material's own header and search partials, not clay-search's
        for partial in ("header.html", "search.html"):
            (root / "overrides" / "partials" / partial).unlink(missing_ok=True)
    return cfg


def run_timed(command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, all threads) of a command. On a shared
    machine the wall clock moves with the other jobs; the CPU time is the work done."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def build(cfg: Path) -> tuple[float, float]:
    return run_timed([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(cfg)])


def first_search(
    site: Path, variant: str, lang: str, query: str, verbose: bool = False
) -> dict[str, Any]:
    """Bytes of every response caused by opening the search and running one query."""
    from playwright.sync_api import sync_playwright

    server, url = serve_directory(site)
    path = "" if lang == "ro" else "en/"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path(), headless=True,
                                         args=CHROMIUM_ARGS)
            page = browser.new_page()
            responses: list[Any] = []
            # Material's worker fetches its index on page load, ours when the search opens:
            # count from the start, and keep the responses that serve the search.
            page.on("response", lambda response: responses.append(response))
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            if variant != "material":  # clay-search
                page.click(".clay-search__toggle")
                page.keyboard.type(query, delay=TYPING_DELAY_MS)
                status = ".clay-search__status"
                # the status names the words it answers: wait for the whole query's answer
                page.wait_for_function(
                    "([s, q]) => { const t = document.querySelector(s).textContent;"
                    " return t.includes(q) && /\\d|Niciun|No /.test(t); }",
                    arg=[status, query], timeout=60_000)
                page.locator(".clay-search__results li").first.wait_for(timeout=60_000)
            else:
                status = ".md-search-result__meta"
                initial = page.inner_text(status)
                page.click("input.md-search__input")
                page.keyboard.type(query, delay=TYPING_DELAY_MS)
                # Material says how many pages it found once its index is loaded
                page.wait_for_function(
                    "([s, initial]) => { const t = document.querySelector(s).textContent.trim();"
                    " return t !== initial && /\\d|[Nn]iciun|No /.test(t); }",
                    arg=[status, initial.strip()], timeout=120_000)
                page.wait_for_timeout(1000)  # the answer to the last letter
            page.wait_for_load_state("networkidle")
            said = page.inner_text(status).strip()
            bodies = [(r.url, r.body()) for r in responses if r.ok]
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    search_files = [(u, b) for u, b in bodies
                    if any(part in u for part in SEARCH_URL_PARTS)]
    if verbose:
        for u, b in search_files:
            print(f"    {len(b):>8} {len(gzip.compress(b, 6)):>8} {u}", file=sys.stderr)
    return {
        "said": said,
        "requests": len(search_files),
        "raw": sum(len(b) for _, b in search_files),
        "gzip": sum(len(gzip.compress(b, 6)) for _, b in search_files),
    }


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000, help="reports per language")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    parser.add_argument("--verbose", action="store_true", help="list every file fetched")
    parser.add_argument("--repeat", type=int, default=1,
                        help="builds per variant; the fastest counts (the machine is shared)")
    parser.add_argument("--no-queries", action="store_true", help="build times only")
    parser.add_argument("--variants", default="none,material,pagefind,meetings",
                        help="comma-separated, among none, material, pagefind, meetings")
    parser.add_argument("--lists-indexed", action="store_true",
                        help="meetings: the list and header templates without "
                             "data-pagefind-ignore (as before it was added)")
    args = parser.parse_args()
    if chromium_path() is None:
        sys.exit("Debian's chromium is needed (make browser)")
    work = Path(tempfile.mkdtemp(prefix="bench-search-"))
    rows = []
    times: dict[str, tuple[float, float]] = {}
    try:
        for variant in args.variants.split(","):
            cfg = generate(work / variant, variant, args.reports, args.lists_indexed)
            times[variant] = min((build(cfg) for _ in range(args.repeat)),
                                 key=lambda t: t[1])
            site = cfg.parent / "site"
            on_disk = folder_size(site / "pagefind") + folder_size(site / "search")
            print(f"{variant}: built in {times[variant][0]:.1f} s "
                  f"(CPU {times[variant][1]:.1f} s), search files on disk "
                  f"{on_disk / 1e6:.1f} MB", file=sys.stderr)
            if variant == "pagefind" or (variant == "meetings" and "pagefind" not in times):
                # the indexing step alone, on the whole finished site (clay-search gives
                # Pagefind the indexed pages only: the same, less the excluded pages)
                times["pagefind: indexing step alone"] = run_timed(
                    [str(REPO / "node_modules" / ".bin" / "pagefind"), "--site", str(site),
                     "--output-subdir", "pagefind", "--quiet",
                     "--exclude-selectors", ".headerlink"])
            if variant == "none" or args.no_queries:
                continue
            for lang, queries in QUERIES.items():
                for query in queries:
                    fetched = first_search(site, variant, lang, query, args.verbose)
                    rows.append((variant, lang, query, fetched))
                    print(f"  {lang} {query!r}: {fetched}", file=sys.stderr)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print(f"\n{args.reports} reports per language\n")
    print("| build | wall clock (s) | CPU (s) | CPU vs. no search |")
    print("| --- | ---: | ---: | ---: |")
    for variant, (wall, cpu) in times.items():
        ratio = f"{cpu / times['none'][1]:.2f}×" if "none" in times else "–"
        print(f"| {variant} | {wall:.1f} | {cpu:.1f} | {ratio} |")
    print("\n| search | site | query | requests | raw KB | gzip KB | the search said |")
    print("| --- | --- | --- | ---: | ---: | ---: | --- |")
    for variant, lang, query, fetched in rows:
        print(f"| {variant} | {lang} | {query} | {fetched['requests']} | "
              f"{fetched['raw'] / 1024:.0f} | {fetched['gzip'] / 1024:.0f} | {fetched['said']} |")


if __name__ == "__main__":
    main()
