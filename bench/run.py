"""Run every benchmark and print one table: figure, database, ours, baseline, ratio, goal, met.

    python bench/run.py [--quick] [--postgres | --postgres-only] [--only NAME ...] [--markdown] [--write-readme]

Each benchmark module in bench/ exposes `measure(*, quick, database_url) -> list[dict]`
(see the module docstrings). Every module runs in its own child process, so one that
crashes or leaks memory cannot take the others with it, and start-up figures start cold.

`--postgres` also starts a throwaway PostgreSQL cluster the way `scripts/test.sh` does
(initdb and pg_ctl in a temporary folder under /tmp, as the `postgres` user when run as
root, one `createdb` per benchmark) and runs the benchmarks that support it there too; the
cluster and its folder are removed at the end, also after an error or Ctrl+C.

The exit code is 0 when every benchmark ran, even if goals are missed (the table says
so), and 1 when a benchmark crashed. `--write-readme` replaces the table in README.md
between `<!-- bench:start -->` and `<!-- bench:end -->`.
"""
from __future__ import annotations

import argparse
import datetime
import glob
import importlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
# The table's order; any other bench/*_bench.py with a `measure` runs after these.
ORDER = ["assessments_bench", "http_bench", "startup_bench", "maps_bench", "disclosure_bench", "exports_bench",
         "load_bench"]
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
COLUMNS = ["figure", "database", "ours", "baseline", "ratio", "goal", "met"]


def discover() -> list[str]:
    found = {os.path.basename(p)[:-3] for p in glob.glob(os.path.join(BENCH, "*_bench.py"))}
    return [name for name in ORDER if name in found] + sorted(found - set(ORDER))


def wanted(names: list[str], only: list[str] | None) -> list[str]:
    if not only:
        return names
    chosen = {o if o.endswith("_bench") else f"{o}_bench" for o in only}
    unknown = chosen - set(names)
    if unknown:
        raise SystemExit(f"no such benchmark: {', '.join(sorted(unknown))} (have: {', '.join(names)})")
    return [n for n in names if n in chosen]


# -- one module, in a child process -----------------------------------------------------------

def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so `finally` blocks still delete temporary files and stop servers."""
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))


def child(name: str, quick: bool, database_url: str | None, out: str) -> None:
    """Import one module, call measure, write its rows as JSON to `out`."""
    exit_on_sigterm()
    sys.path.insert(0, ROOT)
    sys.path.insert(0, BENCH)
    module = importlib.import_module(name)
    rows = module.measure(quick=quick, database_url=database_url)
    with open(out, "w") as handle:
        json.dump(rows, handle)


def supports_postgres(name: str) -> bool:
    """A module says `POSTGRES = False` when it has nothing to measure on PostgreSQL (read without importing it)."""
    with open(os.path.join(BENCH, f"{name}.py"), encoding="utf-8") as handle:
        return not any(line.strip().replace(" ", "") == "POSTGRES=False" for line in handle)


def run_module(name: str, quick: bool, database_url: str | None) -> tuple[list[dict], str | None]:
    """Rows of one module, or an error text when it crashed."""
    with tempfile.TemporaryDirectory(prefix="sn-bench-run-") as folder:
        out = os.path.join(folder, "rows.json")
        command = [sys.executable, os.path.abspath(__file__), "--child", name, "--out", out]
        if quick:
            command.append("--quick")
        if database_url:
            command += ["--database-url", database_url]
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            output, _ = process.communicate()
        except BaseException:  # Ctrl+C or SIGTERM: let the benchmark clean up before we go
            process.terminate()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
            raise
        result = subprocess.CompletedProcess(command, process.returncode, output)
        took = time.perf_counter() - started
        where = "postgresql" if database_url else "sqlite"
        print(f"  {name} ({where}): {took:.1f} s", file=sys.stderr, flush=True)
        if result.returncode != 0 or not os.path.exists(out):
            return [], result.stdout[-4000:] or f"exit {result.returncode}"
        with open(out) as handle:
            return json.load(handle), None


# -- the throwaway PostgreSQL cluster ---------------------------------------------------------

class Postgres:
    """initdb + pg_ctl under /tmp on a free port, as scripts/test.sh starts it; `stop` always cleans up."""

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: [int(x) for x in p.split("/")[4].split(".") if x.isdigit()])
        if not found:
            raise SystemExit("--postgres needs PostgreSQL's server binaries (Debian: apt-get install postgresql)")
        self.bin = os.path.dirname(found[-1])
        self.folder = tempfile.mkdtemp(prefix="sn-pg.", dir="/tmp")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.started = False

    def _as_pg(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        subprocess.run(prefix + list(command), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self) -> None:
        if os.getuid() == 0:
            shutil.chown(self.folder, "postgres")
        data = os.path.join(self.folder, "data")
        print(f"==> starting a throwaway PostgreSQL on port {self.port}", file=sys.stderr)
        self._as_pg(f"{self.bin}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self._as_pg(f"{self.bin}/pg_ctl", "-D", data, "-l", os.path.join(self.folder, "server.log"), "-w", "-o",
                    f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
                    "start")
        self.started = True

    def database(self, name: str) -> str:
        self._as_pg(f"{self.bin}/createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def drop(self, name: str) -> None:
        try:
            self._as_pg(f"{self.bin}/dropdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "--if-exists", name)
        except subprocess.CalledProcessError:
            pass

    def stop(self) -> None:
        if self.started:
            try:
                self._as_pg(f"{self.bin}/pg_ctl", "-D", os.path.join(self.folder, "data"), "-m", "immediate", "stop")
            except subprocess.CalledProcessError:
                pass
        shutil.rmtree(self.folder, ignore_errors=True)


# -- the table --------------------------------------------------------------------------------

def cells(row: dict) -> list[str]:
    ratio = row.get("ratio")
    ratio_text = f"{ratio:.2f}x" if isinstance(ratio, (int, float)) else "n/a"
    met = row.get("met")
    return [str(row.get("figure", "")), str(row.get("database", "")), str(row.get("ours", "")),
            str(row.get("baseline", "")), ratio_text, str(row.get("goal", "")),
            "yes" if met is True else "no" if met is False else "n/a"]


def text_table(rows: list[dict]) -> str:
    table = [COLUMNS] + [cells(r) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS))]
    lines = ["  ".join(value.ljust(widths[i]) for i, value in enumerate(line)).rstrip() for line in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"  - {r['figure']} ({r.get('database', '')}): {r['note']}" for r in rows if r.get("note")]
    return "\n".join(lines + (["", "notes:"] + notes if notes else []))


def markdown_table(rows: list[dict]) -> str:
    def escape(value: str) -> str:
        return value.replace("|", "\\|")

    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(escape(c) for c in cells(r)) + " |" for r in rows]
    notes = [f"- *{escape(r['figure'])}* ({r.get('database', '')}): {escape(r['note'])}" for r in rows if r.get("note")]
    return "\n".join(lines + ([""] + notes if notes else []))


def write_readme(markdown: str, quick: bool, stamp: str) -> None:
    path = os.path.join(ROOT, "README.md")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if START not in text or END not in text:
        raise SystemExit(f"README.md has no {START} ... {END} markers")
    cores = os.cpu_count()
    body = (f"{START}\nMeasured {stamp} on {cores} shared cores"
            f"{' (quick sizes: not the figures of the goals)' if quick else ''}:\n\n{markdown}\n{END}")
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(head + body + tail)
    print(f"README.md updated ({stamp})", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes (a smoke test, seconds per module)")
    parser.add_argument("--postgres", action="store_true", help="also on a throwaway PostgreSQL cluster")
    parser.add_argument("--postgres-only", action="store_true", help="only on the throwaway PostgreSQL cluster")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these modules (assessments, http_bench, ...)")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--write-readme", action="store_true", help="replace the table in README.md")
    parser.add_argument("--save", metavar="FILE", help="also write the rows as JSON")
    parser.add_argument("--load", metavar="FILE", help="print (or write to README) rows saved by --save, measuring nothing")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    exit_on_sigterm()
    if args.child:
        child(args.child, args.quick, args.database_url, args.out)
        return 0

    if args.load:
        with open(args.load) as handle:
            saved = json.load(handle)
        return report(saved["rows"], saved["crashed"], args, saved["quick"], saved.get("measured"))
    names = wanted(discover(), args.only)
    for missing in (n for n in ORDER if n not in discover() and (not args.only or n in args.only)):
        print(f"  {missing}: bench/{missing}.py not present, skipped", file=sys.stderr)
    rows: list[dict] = []
    crashed: list[str] = []

    def collect(name: str, url: str | None) -> None:
        try:
            got, error = run_module(name, args.quick, url)
        except Exception:  # noqa: BLE001 - one benchmark's failure must not hide the others
            got, error = [], traceback.format_exc()
        if error is not None:
            where = "postgresql" if url else "sqlite"
            crashed.append(f"{name} ({where})")
            print(f"!! {name} crashed on {where}:\n{error}", file=sys.stderr)
            rows.append({"figure": f"{name}: CRASHED", "database": where, "ours": "", "baseline": "",
                         "ratio": None, "goal": "", "met": None})
        rows.extend(got)

    if not args.postgres_only:
        for name in names:
            collect(name, None)
    if args.postgres or args.postgres_only:
        cluster = Postgres()
        try:
            cluster.start()
            for name in names:
                if not supports_postgres(name):
                    continue
                database = f"bench_{name}"
                url = cluster.database(database)
                try:
                    collect(name, url)
                finally:
                    cluster.drop(database)
        finally:
            cluster.stop()

    if args.save:
        with open(args.save, "w") as handle:
            json.dump({"rows": rows, "crashed": crashed, "quick": args.quick, "measured": now()}, handle, indent=1)
    return report(rows, crashed, args, args.quick, now())


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def report(rows: list[dict], crashed: list[str], args, quick: bool, measured: str | None) -> int:
    # Grouped by figure, SQLite then PostgreSQL, in the modules' order.
    order = {}
    for row in rows:
        order.setdefault(row["figure"], len(order))
    rows.sort(key=lambda r: (order[r["figure"]], r.get("database") != "sqlite"))
    if args.markdown or args.write_readme:
        markdown = markdown_table(rows)
        print(markdown)
        if args.write_readme:
            write_readme(markdown, quick, measured or now())
    else:
        print(text_table(rows))
    if crashed:
        print(f"\ncrashed: {', '.join(crashed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
