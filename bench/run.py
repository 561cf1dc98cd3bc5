"""make bench: time and memory of the press on a generated book and on the real one.

Every measurement runs the command line as a user would, in a fresh process,
so interpreter start and imports count; the single-handbook rows take the
fastest of three runs. Peak memory is the largest resident set of the
process tree (the main process or one worker).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HANDBOOK = [sys.executable, "-m", "pipeline"]


def run(command: list[str], cwd: Path = REPO) -> tuple[float, float, str]:
    """Wall seconds, peak MB of the process tree, and output of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode not in (0,):
        raise SystemExit(f"failed: {' '.join(command)}\n{output}")
    return seconds, usage.ru_maxrss / 1024, output


def best(measure, times: int = 3) -> tuple[float, float, str]:
    """The fastest of a few runs (a 2-core machine is noisy); the output of all of them."""
    runs = [measure() for _ in range(times)]
    fastest = min(runs, key=lambda r: r[0])
    return fastest[0], max(r[1] for r in runs), "\n".join(r[2] for r in runs)


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def real_config(target: Path) -> Path:
    """A copy of handbook.toml that writes into ``target`` instead of dist/."""
    text = (REPO / "handbook.toml").read_text()
    text = re.sub(r"\[paths\].*", "", text, flags=re.S)
    text += "\n[paths]\n" + "".join(f'{k} = "{REPO / k}"\n' for k in ("chapters", "translations", "fonts"))
    text += f'dist = "{target / "dist"}"\n'
    config = target / "handbook.toml"
    config.write_text(text)
    return config


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    book = work / "book"
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), str(book)], check=True)
    config = str(book / "handbook.toml")
    rows = []
    notes = []

    seconds, peak, _ = best(lambda: run([sys.executable, str(REPO / "bench" / "naive.py"), str(book), str(work / "naive.pdf")]))
    rows.append(("naive reportlab script, same text (screen, no contents/links)", seconds, pages(work / "naive.pdf"), peak))

    def clean_screen():
        shutil.rmtree(book / "dist", ignore_errors=True)
        return run(HANDBOOK + ["build", "--config", config, "--edition", "screen", "--jobs", "1"])

    seconds, peak, out = best(clean_screen)
    screen = book / "dist" / "en" / "handbook-screen.pdf"
    rows.append(("clean build, one screen handbook (bench book)", seconds, pages(screen), peak))
    inside = min(float(x) for x in re.findall(r"built\s+\d+ pages, ([\d.]+) s", out))
    rows.append(("  of which layout, two passes, and writing the PDF", inside, pages(screen), peak))
    _, peak, out = run([sys.executable, str(REPO / "bench" / "tagging.py"), config])
    tagged, plain, tagged_bytes, plain_bytes = (float(x) for x in out.split())
    rows.append(("  layout alone, tagged, best of 5 in one process", tagged, pages(screen), peak))
    rows.append((f"  the same untagged: tagging adds {100 * (tagged / plain - 1):.0f}% time, "
                 f"{100 * (tagged_bytes / plain_bytes - 1):.0f}% bytes", plain, pages(screen), peak))
    shutil.rmtree(book / "dist")
    seconds, peak, _ = run(HANDBOOK + ["build", "--config", config])
    rows.append(("clean build, all 4 editions (bench book)", seconds, None, peak))

    chapter = book / "chapters" / "chapter-05.md"
    chapter.write_text(chapter.read_text().replace("## Section 1", "## Section one", 1))
    seconds, peak, _ = run(HANDBOOK + ["build", "--config", config])
    rows.append(("rebuild after one chapter changed (bench book, 4 editions)", seconds, None, peak))

    real = real_config(work)
    _, peak, out = run([sys.executable, str(REPO / "bench" / "scripts.py"), str(real), "en", "ar", "fa"])
    per_page = {}
    for line in out.splitlines():
        locale, seconds, count, _ = line.split()
        per_page[locale] = float(seconds) / int(count)
        rows.append((f"layout, real {locale} screen handbook (best of 5, one process)", float(seconds), int(count), peak))
    ratios = ", ".join(f"{locale} {1000 * per_page[locale]:.1f} ms = {per_page[locale] / per_page['en']:.2f}x"
                       for locale in ("ar", "fa"))
    notes.append(f"right-to-left cost per page, target <= 2x English ({1000 * per_page['en']:.1f} ms): {ratios}")
    for locale in ("en", "zh_Hans", "pa", "ar"):
        seconds, peak, _ = run(HANDBOOK + ["build", "--config", str(real), "--locale", locale, "--edition", "screen",
                                           "--jobs", "1"])
        count = pages(work / "dist" / locale / "handbook-screen.pdf")
        rows.append((f"clean build, real {locale} screen handbook", seconds, count, peak))
    shutil.rmtree(work / "dist")
    seconds, peak, out = run(HANDBOOK + ["build", "--config", str(real)])
    built = re.search(r"built (\d+)", out).group(1)
    rows.append((f"clean build of everything (real handbook, {built} build jobs)", seconds, None, peak))

    seconds, peak, out = run(HANDBOOK + ["build", "--config", str(real)])
    rows.append(("no-op rebuild (real handbook)", seconds, None, peak))

    print(f"\n{'measurement':64} {'seconds':>8} {'pages':>6} {'pages/s':>8} {'peak MB':>8}")
    for name, seconds, count, peak in rows:
        rate = f"{count / seconds:8.1f}" if count else f"{'':8}"
        print(f"{name:64} {seconds:8.2f} {count or '':>6} {rate} {peak:8.0f}")
    for note in notes:
        print(note)
    print(f"\n(machine: {os.cpu_count()} CPUs; measured {time.strftime('%Y-%m-%d %H:%M')}; scratch in {work})")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
