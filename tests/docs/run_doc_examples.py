#!/usr/bin/python3
"""Run every example in docs/*.md and README.md as written, and check its output.

The documents mark their fenced blocks (docs/architecture.md, "Exempel i dokumenten"):

  ```sh [exit=N]        a command example: run with bash in the document's work folder; it must
                        exit with N (default 0).
  ```text               directly after an sh block: output the example must print. Every
                        non-blank line must occur in stdout+stderr, in this order; "..." inside
                        a line matches any text, a line of only "..." any lines.
  ```LANG fil=NAMN      (LANG text, csv, toml, ...) a file the reader is shown: written to
                        NAMN in the work folder before the next example runs.
  ```sh-manuell         a command that is not run here, because it takes minutes (benchmarks).
                        Listed in the summary.
  ```synopsis           a usage line (not run).
  ```toml               a configuration fragment: must be valid TOML.

The Snabbstart blocks `bash tools/setup.sh run|test` stay plain fences (the README's contract);
they are the test command itself and are listed as manual.

A block in no such form whose first line starts like a command (omrade, ogr2ogr, python3, bash,
cmake, build/, $) is an error: every command shown to a reader is either run or declared manual.

Each document gets one fresh work folder, shared by its examples in order (an example may use an
earlier one's output). The folder holds symlinks `shapefiles`, `docs`, `tests` to the source tree
and `build` to the build tree; `omrade` is first on PATH.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib

FENCE = re.compile(r"^```(.*)$")
SETUP = re.compile(r"^bash tools/setup\.sh (run|test)$")
COMMAND_START = re.compile(r"^(\$ |omrade\s|ogr2ogr\s|python3\s|\/usr\/bin\/python3\s|bash\s|cmake\s|build\/)")


class Block:
    def __init__(self, info, text, line):
        self.info = info.strip()
        self.text = text
        self.line = line  # 1-based line of the opening fence
        words = self.info.split()
        self.lang = words[0] if words else ""
        self.options = dict(w.split("=", 1) for w in words[1:] if "=" in w)


def blocks_of(path):
    out, inside, info, start, lines = [], False, "", 0, []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            m = FENCE.match(line)
            if m and not inside:
                inside, info, start, lines = True, m.group(1), n, []
            elif line.strip() == "```" and inside:
                out.append(Block(info, "\n".join(lines) + ("\n" if lines else ""), start))
                inside = False
            elif inside:
                lines.append(line)
    if inside:
        raise SystemExit(f"{path}:{start}: kodblocket stängs aldrig")
    return out


def line_pattern(expected):
    parts = [re.escape(p) for p in expected.strip().split("...")]
    return re.compile(".*".join(parts))


def output_matches(expected, output):
    """Returns None when every expected line occurs in order, else a description of the first miss."""
    lines = output.splitlines()
    pos = 0
    for exp in expected.splitlines():
        if not exp.strip() or exp.strip() == "...":
            continue
        pat = line_pattern(exp)
        while pos < len(lines) and not pat.search(lines[pos]):
            pos += 1
        if pos == len(lines):
            return exp
        pos += 1
    return None


def make_workdir(source, build):
    work = tempfile.mkdtemp(prefix="omrade-doc-")
    for name in ("shapefiles", "docs", "tests"):
        os.symlink(os.path.join(source, name), os.path.join(work, name))
    os.symlink(build, os.path.join(work, "build"))
    return work


def run_document(path, source, build, env, failures, manual, counts):
    blocks = blocks_of(path)
    rel = os.path.relpath(path, source)
    work = None
    try:
        for i, b in enumerate(blocks):
            where = f"{rel}:{b.line}"
            if b.lang == "sh-manuell":
                manual.append(f"{where}: {b.text.strip().splitlines()[0]}")
                continue
            if "fil" in b.options:
                work = work or make_workdir(source, build)
                target = os.path.join(work, b.options["fil"])
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "w", encoding="utf-8") as f:
                    f.write(b.text)
                continue
            if b.lang == "toml":
                try:
                    tomllib.loads(b.text)
                except tomllib.TOMLDecodeError as e:
                    failures.append(f"{where}: TOML-exemplet går inte att läsa: {e}")
                continue
            if b.lang != "sh":
                first = b.text.strip().splitlines()[0] if b.text.strip() else ""
                if b.lang == "" and SETUP.match(b.text.strip()):
                    manual.append(f"{where}: {first} (README:s Snabbstart; körs av CI)")
                    continue
                if b.lang in ("", "text", "console", "shell", "bash") and COMMAND_START.match(first):
                    prev = blocks[i - 1] if i > 0 else None
                    if not (b.lang == "text" and prev is not None and prev.lang == "sh"):
                        if b.lang != "synopsis":
                            failures.append(f"{where}: kommandot '{first[:60]}' är inte märkt; märk blocket "
                                            "```sh (körs i testet), ```synopsis eller ```sh-manuell")
                continue
            work = work or make_workdir(source, build)
            want = int(b.options.get("exit", "0"))
            counts[0] += 1
            try:
                p = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", b.text], cwd=work, env=env,
                                   capture_output=True, text=True, timeout=300)
                output, code = p.stdout + p.stderr, p.returncode
            except subprocess.TimeoutExpired:
                failures.append(f"{where}: exemplet tog mer än 300 s")
                continue
            if code != want:
                failures.append(f"{where}: slutkod {code}, dokumentet väntar {want}\n--- utdata ---\n{output[-3000:]}")
                continue
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if nxt is not None and nxt.lang == "text" and "fil" not in nxt.options:
                miss = output_matches(nxt.text, output)
                if miss is not None:
                    failures.append(f"{rel}:{nxt.line}: raden '{miss}' finns inte (i ordning) i exemplets utdata\n"
                                    f"--- utdata ---\n{output[-3000:]}")
    finally:
        if work and not os.environ.get("OMRADE_DOC_KEEP"):
            shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--omrade", required=True)
    ap.add_argument("--only", action="append", help="only this document (path relative to --source)")
    ap.add_argument("--expect-failures", type=int,
                    help="self-test: succeed only when exactly this many examples fail")
    args = ap.parse_args()
    source, build = os.path.realpath(args.source), os.path.realpath(args.build)
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(os.path.realpath(args.omrade)) + os.pathsep + env.get("PATH", "")
    env["OMRADE_DATA"] = os.path.join(source, "shapefiles", "kronoberg")
    env["LC_ALL"] = "C.UTF-8"
    env.pop("OMRADE_TEST_KILL_AT", None)
    if args.only:
        docs = [os.path.join(source, d) for d in args.only]
    else:
        docs = [os.path.join(source, "README.md")] + sorted(
            os.path.join(source, "docs", f) for f in os.listdir(os.path.join(source, "docs")) if f.endswith(".md"))
    failures, manual, counts = [], [], [0]
    for d in docs:
        run_document(d, source, build, env, failures, manual, counts)
    print(f"{counts[0]} exempel körda i {len(docs)} dokument; {len(manual)} manuella:")
    for m in manual:
        print("  " + m)
    if failures:
        print(f"\n{len(failures)} fel:")
        for n, f in enumerate(failures, 1):
            print(f"{n}. {f}")
    if args.expect_failures is not None:
        return 0 if len(failures) == args.expect_failures else 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
