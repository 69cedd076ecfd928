#!/usr/bin/env python3
"""Independent oracle for `hotline deadline` (SPEC §4; Measures Art. 16, 19, 20, 25, 29, 38).

It reads the holiday-cn files itself (app/calendar/cn/YYYY.json, and Xinjiang's
regional layer app/calendar/xj/YYYY.json on top), counts working
days its own way and compares the CLI's answers for random, seeded cases:

    python3 scripts/deadline_oracle.py [options] CLI [CLI-ARGS...]
    python3 scripts/deadline_oracle.py --self-test

Each case runs `CLI [CLI-ARGS...] deadline --rule R --from RFC3339 [--extensions N]`.

Rules (working days, first day counted, 含本数; due = 24:00 CST of day N):
    consultation 5 (Art. 19(1))            complaint/help/suggestion 15 (Art. 19(2))
    emergency 2 + notify_by = from + 30 min (Art. 29)
    return 1 (Art. 16(2))   redo 5 (Art. 25)   appeal 3 (Art. 38)
Extensions (Art. 20): at most 2; +5 each for 15-day items, +own limit for
consultation; none for emergency/return/redo/appeal.

Accepted output for a valid case: exit 0 and stdout is ONE JSON object whose
"due" is `YYYY-MM-DDT23:59:59+08:00` of the last day (or the next midnight,
`YYYY-MM-DD+1T00:00:00+08:00`); for emergency also "notify_by", with a +08:00
offset, equal to from + 30 minutes.  A case whose due falls in a year without
calendar data (2027, or 2020 whose Xinjiang notice is not shipped) is not
compared; it must carry the signal "no calendar data for year 2027" (in any JSON value, or with a non-zero exit in
the output).  Forbidden extensions must exit non-zero with "Art. 20" in the
message.  `--rule nonsense` and `--from 2024-13-45` must exit 2 with a one-line
stderr message.

The last line is `N passed, M failed`; the exit status is 1 on any failure.
Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import datetime as dt
import json
import os
import random
import subprocess
import sys
from pathlib import Path

CST = dt.timezone(dt.timedelta(hours=8))
DEFAULT_CALENDAR = Path(__file__).resolve().parent.parent / "app" / "calendar" / "cn"
# Xinjiang's regional notices (肉孜节, 古尔邦节): they override the national
# days, and a year is known only with both notices (2020 has no regional file).
DEFAULT_REGIONAL = Path(__file__).resolve().parent.parent / "app" / "calendar" / "xj"

# rule -> (working days, extension step or None when Art. 20 forbids extending)
RULES: dict[str, tuple[int, int | None]] = {
    "consultation": (5, 5),
    "complaint": (15, 5),
    "help": (15, 5),
    "suggestion": (15, 5),
    "emergency": (2, None),
    "return": (1, None),
    "redo": (5, None),
    "appeal": (3, None),
}
MAX_EXTENSIONS = 2
NOTIFY_MINUTES = 30

START_FIRST = dt.date(2020, 1, 1)
START_LAST = dt.date(2026, 11, 30)
OFFSETS = ["+08:00", "Z", "-05:00"]


# --------------------------------------------------------------------------
# The calendar, read independently
# --------------------------------------------------------------------------


class Layer:
    """date -> isOffDay from one directory of holiday-cn files; the years their `year` field covers."""

    def __init__(self, directory: Path):
        self.declared: dict[dt.date, bool] = {}
        self.years: set[int] = set()
        files = sorted(directory.glob("*.json"))
        if not files:
            raise SystemExit(f"deadline_oracle: no calendar files in {directory}")
        for path in files:
            data = json.loads(path.read_text(encoding="utf-8"))
            self.years.add(int(data["year"]))
            for day in data["days"]:
                date = dt.date.fromisoformat(day["date"])
                off = day["isOffDay"]
                if not isinstance(off, bool):
                    raise SystemExit(f"deadline_oracle: {path}: isOffDay of {date} is not a boolean")
                prev = self.declared.get(date)
                if prev is not None and prev != off:
                    raise SystemExit(f"deadline_oracle: {date} is declared both ways ({path})")
                self.declared[date] = off

    def known(self, date: dt.date) -> bool:
        return date in self.declared or date.year in self.years


class Calendar:
    """The national layer with the regional one on top; a date is known when both layers know it."""

    def __init__(self, national: Path, regional: Path | None):
        self.national = Layer(national)
        self.regional = Layer(regional) if regional else None
        self.years = self.national.years
        self.declared = dict(self.national.declared)
        if self.regional:
            self.declared.update(self.regional.declared)

    def known(self, date: dt.date) -> bool:
        return self.national.known(date) and (self.regional is None or self.regional.known(date))

    def working(self, date: dt.date) -> bool:
        """Monday–Friday and not declared off, or declared on (调休上班); regional over national."""
        off = self.declared.get(date)
        if off is not None:
            return not off
        return date.weekday() < 5

    def nth(self, start: dt.date, n: int) -> tuple[dt.date, set[int]]:
        """Working day n (n >= 1) counting `start` itself (含本数), and the years without data it crossed."""
        assert n >= 1
        missing: set[int] = set()
        day, count = start, 0
        while True:
            if not self.known(day):
                missing.add(day.year)
            if self.working(day):
                count += 1
                if count == n:
                    return day, missing
            day += dt.timedelta(days=1)

    def after(self, day: dt.date, n: int) -> tuple[dt.date, set[int]]:
        """The day n working days after `day`, not counting `day` (how an extension moves a deadline)."""
        return self.nth(day + dt.timedelta(days=1), n)


def china_date(instant: dt.datetime) -> dt.date:
    return instant.astimezone(CST).date()


def parse_rfc3339(text: str) -> dt.datetime:
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError(f"no offset in {text!r}")
    return value


@dataclasses.dataclass
class Expected:
    last_day: dt.date
    missing: set[int]
    notify_by: dt.datetime | None

    def due_strings(self) -> tuple[str, str]:
        nxt = self.last_day + dt.timedelta(days=1)
        return (f"{self.last_day.isoformat()}T23:59:59+08:00", f"{nxt.isoformat()}T00:00:00+08:00")


def expect(cal: Calendar, rule: str, start: dt.datetime, extensions: int) -> Expected:
    """The oracle's answer for an allowed case."""
    days, step = RULES[rule]
    last, missing = cal.nth(china_date(start), days)
    if extensions:
        assert step is not None and extensions <= MAX_EXTENSIONS
        last, more = cal.after(last, step * extensions)
        missing |= more
    notify = start + dt.timedelta(minutes=NOTIFY_MINUTES) if rule == "emergency" else None
    return Expected(last, missing, notify)


def forbidden(rule: str, extensions: int) -> bool:
    return extensions > 0 and (RULES[rule][1] is None or extensions > MAX_EXTENSIONS)


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------


@dataclasses.dataclass
class Case:
    rule: str
    start: str  # RFC 3339 as passed to the CLI
    extensions: int | None  # None: flag omitted

    def args(self) -> list[str]:
        out = ["deadline", "--rule", self.rule, "--from", self.start]
        if self.extensions is not None:
            out += ["--extensions", str(self.extensions)]
        return out

    def label(self) -> str:
        return " ".join(self.args())


def fmt_instant(local: dt.datetime, offset: str) -> str:
    base = local.strftime("%Y-%m-%dT%H:%M:%S")
    return base + offset


def random_start(rng: random.Random, cal: Calendar) -> str:
    offset = rng.choice(OFFSETS)
    tz = dt.timezone.utc if offset == "Z" else dt.timezone(dt.timedelta(hours=int(offset[:3]), minutes=int(offset[0] + offset[4:])))
    roll = rng.random()
    if roll < 0.25:
        # Near a declared day (holidays and adjusted working days).
        anchor = rng.choice(sorted(d for d in cal.declared if START_FIRST <= d <= START_LAST))
        date = anchor + dt.timedelta(days=rng.randint(-4, 2))
    elif roll < 0.32:
        # Late 2026: some of these run into 2027 (no data).
        date = dt.date(2026, 11, 1) + dt.timedelta(days=rng.randint(0, 29))
    elif roll < 0.37:
        # Year ends.
        date = dt.date(rng.randint(2020, 2025), 12, rng.randint(26, 31))
    else:
        date = START_FIRST + dt.timedelta(days=rng.randint(0, (START_LAST - START_FIRST).days))
    date = min(max(date, START_FIRST), START_LAST)
    if rng.random() < 0.3:
        # Just before / at midnight in China, expressed in the chosen offset.
        cst_local = dt.datetime.combine(date, dt.time(0, 0), CST) + rng.choice(
            [dt.timedelta(0), dt.timedelta(seconds=-1), dt.timedelta(days=1, seconds=-1)]
        )
        local = cst_local.astimezone(tz)
        if not (START_FIRST <= local.date() <= START_LAST):
            local = dt.datetime.combine(date, dt.time(12, 0), tz)
    else:
        local = dt.datetime.combine(date, dt.time(rng.randrange(24), rng.randrange(60), rng.randrange(60)), tz)
    return fmt_instant(local.replace(tzinfo=None), offset)


def generate(cal: Calendar, count: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    rules = list(RULES)
    cases = []
    for _ in range(count):
        rule = rng.choice(rules)
        start = random_start(rng, cal)
        roll = rng.random()
        if rng.random() < 0.03:
            # Runs into 2027 (no data): a 15-day item from 28–30 Nov 2026, extended twice.
            local = dt.datetime(2026, 11, rng.randint(28, 30), rng.randrange(24), rng.randrange(60))
            cases.append(Case(rng.choice(["complaint", "help", "suggestion"]),
                              fmt_instant(local, rng.choice(OFFSETS)), 2))
            continue
        if RULES[rule][1] is None:
            # Mostly no extension (flag omitted or 0), sometimes a forbidden one.
            extensions = None if roll < 0.5 else 0 if roll < 0.75 else rng.randint(1, 3)
        else:
            extensions = (
                None if roll < 0.2 else 0 if roll < 0.3 else 1 if roll < 0.6 else 2 if roll < 0.9 else rng.choice([3, 4])
            )
        cases.append(Case(rule, start, extensions))
    return cases


# --------------------------------------------------------------------------
# Running and judging
# --------------------------------------------------------------------------


@dataclasses.dataclass
class Outcome:
    ok: bool
    label: str
    detail: str = ""
    skipped_2027: bool = False


def run_cli(cli: list[str], args: list[str], timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(
        cli + args, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [str(k), *strings_in(v)]]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


def one_json_object(stdout: str):
    text = stdout.strip()
    if not text:
        raise ValueError("empty stdout")
    value = json.loads(text)  # raises on trailing data / several objects
    if not isinstance(value, dict):
        raise ValueError(f"stdout is JSON but not an object: {type(value).__name__}")
    return value


def judge(cal: Calendar, cli: list[str], case: Case, timeout: float) -> Outcome:
    label = case.label()
    try:
        proc = run_cli(cli, case.args(), timeout)
    except (OSError, subprocess.SubprocessError) as err:
        return Outcome(False, label, f"could not run the CLI: {err}")
    out, err = proc.stdout, proc.stderr
    both = out + "\n" + err
    ext = case.extensions or 0

    if forbidden(case.rule, ext):
        if proc.returncode == 0:
            return Outcome(False, label, f"forbidden extension accepted (exit 0): {out.strip()[:300]}")
        if "Art. 20" not in both:
            return Outcome(False, label, f"exit {proc.returncode} but no 'Art. 20' in the message: {both.strip()[:300]}")
        return Outcome(True, label)

    start = parse_rfc3339(case.start)
    want = expect(cal, case.rule, start, ext)
    signal = None
    if want.missing:
        years = sorted(want.missing)
        signal = f"no calendar data for year {years[0]}"
        if proc.returncode != 0:
            if signal in both:
                return Outcome(True, label, skipped_2027=True)
            return Outcome(False, label, f"exit {proc.returncode} without {signal!r}: {both.strip()[:300]}")
        try:
            value = one_json_object(out)
        except ValueError as e:
            return Outcome(False, label, f"stdout is not one JSON object ({e}): {out.strip()[:300]}")
        if any(signal in s for s in strings_in(value)):
            return Outcome(True, label, skipped_2027=True)
        return Outcome(False, label, f"due in {years[0]} but no {signal!r} signal: {out.strip()[:300]}")

    if proc.returncode != 0:
        return Outcome(False, label, f"exit {proc.returncode}; stderr: {err.strip()[:300]}")
    try:
        value = one_json_object(out)
    except ValueError as e:
        return Outcome(False, label, f"stdout is not one JSON object ({e}): {out.strip()[:300]}")
    problems = []
    due = value.get("due")
    if due not in want.due_strings():
        problems.append(f"due {due!r}, expected {want.due_strings()[0]!r} (last working day {want.last_day})")
    if want.notify_by is not None:
        got = value.get("notify_by")
        expected = want.notify_by.astimezone(CST)
        try:
            if not isinstance(got, str) or not got.endswith("+08:00"):
                raise ValueError("not an RFC 3339 string with +08:00")
            if parse_rfc3339(got) != expected:
                raise ValueError("wrong instant")
        except ValueError as e:
            problems.append(f"notify_by {got!r} ({e}), expected {expected.isoformat()!r}")
    spurious = [s for s in strings_in(value) if "no calendar data" in s]
    if spurious:
        problems.append(f"spurious signal {spurious[0]!r} for a case with full data")
    if problems:
        return Outcome(False, label, "; ".join(problems))
    return Outcome(True, label)


def judge_bad_input(cli: list[str], args: list[str], timeout: float) -> Outcome:
    label = " ".join(args)
    try:
        proc = run_cli(cli, args, timeout)
    except (OSError, subprocess.SubprocessError) as err:
        return Outcome(False, label, f"could not run the CLI: {err}")
    message = proc.stderr.strip()
    problems = []
    if proc.returncode != 2:
        problems.append(f"exit {proc.returncode}, expected 2")
    if not message:
        problems.append("empty stderr")
    elif "\n" in message:
        problems.append(f"stderr has {message.count(chr(10)) + 1} lines, expected one: {message[:300]!r}")
    if problems:
        return Outcome(False, label, "; ".join(problems))
    return Outcome(True, label)


BAD_INPUTS = [
    ["deadline", "--rule", "nonsense", "--from", "2024-09-23T09:00:00+08:00"],
    ["deadline", "--rule", "complaint", "--from", "2024-13-45"],
]


def run_oracle(opts) -> int:
    cal = Calendar(opts.calendar, opts.regional)
    cases = generate(cal, opts.cases, opts.seed)
    outcomes: list[Outcome] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=opts.jobs) as pool:
        futures = [pool.submit(judge, cal, opts.cli, c, opts.timeout) for c in cases]
        futures += [pool.submit(judge_bad_input, opts.cli, a, opts.timeout) for a in BAD_INPUTS]
        outcomes = [f.result() for f in futures]
    failed = [o for o in outcomes if not o.ok]
    for o in failed[: opts.max_report]:
        print(f"FAIL {o.label}: {o.detail}")
    if len(failed) > opts.max_report:
        print(f"... and {len(failed) - opts.max_report} more failures")
    skipped = sum(o.skipped_2027 for o in outcomes)
    print(
        f"seed {opts.seed}: {len(cases)} random cases + {len(BAD_INPUTS)} bad inputs; "
        f"{skipped} ran past the calendar data (signal checked, dates not compared)"
    )
    print(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


# --------------------------------------------------------------------------
# Self-test: the oracle against hand-verified dates
# --------------------------------------------------------------------------


def self_test(opts) -> int:
    cal = Calendar(opts.calendar, opts.regional)
    D = dt.date.fromisoformat
    checks: list[tuple[str, object, object]] = []

    def check(name, got, want):
        checks.append((name, got, want))

    # The data as read: 2024 National Day and 2026 Spring Festival.
    check("2024-09-29 (Sun) working", cal.working(D("2024-09-29")), True)
    check("2024-10-12 (Sat) working", cal.working(D("2024-10-12")), True)
    check("2024-10-01..07 off", [cal.working(D(f"2024-10-0{i}")) for i in range(1, 8)], [False] * 7)
    check("2024-10-08 working", cal.working(D("2024-10-08")), True)
    check("2024-09-28 (Sat) off", cal.working(D("2024-09-28")), False)
    check("2026-02-14 (Sat) working", cal.working(D("2026-02-14")), True)
    check("2026-02-15..23 off", [cal.working(D(f"2026-02-{i}")) for i in range(15, 24)], [False] * 9)
    check("2026-02-28 (Sat) working", cal.working(D("2026-02-28")), True)
    check("2022-12-31 declared off (in 2023.json)", cal.declared.get(D("2022-12-31")), True)
    check("years covered", sorted(cal.years), list(range(2020, 2027)))
    check("2027 unknown", cal.known(D("2027-01-04")), False)

    def due(rule, start, ext=0):
        e = expect(cal, rule, parse_rfc3339(start), ext)
        return e.last_day.isoformat() if not e.missing else ("missing", sorted(e.missing))

    # The brief's examples.
    # Mon 23 Sep 2024: 23–27 (5), Sun 29 (6), 30 (7), 8–11 Oct (11), Sat 12 (12), 14, 15, 16 (15).
    check("complaint 2024-09-23", due("complaint", "2024-09-23T09:00:00+08:00"), "2024-10-16")
    # Fri 13 Feb 2026 (1), Sat 14 (2), 24, 25, 26 (5).
    check("consultation 2026-02-13", due("consultation", "2026-02-13T10:00:00+08:00"), "2026-02-26")
    # Sat 7 Dec 2024: day 1 is Mon 9 Dec.
    check("return 2024-12-07", due("return", "2024-12-07T10:00:00+08:00"), "2024-12-09")
    # The day is China's: 17:00Z Friday is 01:00 Saturday in China.
    check("return 2024-12-06T17:00Z", due("return", "2024-12-06T17:00:00Z"), "2024-12-09")
    check("return 2024-12-06T15:59:59Z", due("return", "2024-12-06T15:59:59Z"), "2024-12-06")
    # 20:00 on 31 Dec 2024 at -05:00 is 09:00 on 1 Jan 2025 in China (off): day 1 is 2 Jan.
    check("return 2024-12-31T20:00-05:00", due("return", "2024-12-31T20:00:00-05:00"), "2025-01-02")
    # Year ends, consultation from 31 Dec.
    # Thu 31 Dec 2020 lies in a year without Xinjiang's notice: flagged.
    check("consultation 2020-12-31", due("consultation", "2020-12-31T10:00:00+08:00"), ("missing", [2020]))
    # Xinjiang's festivals: 古尔邦节 6–10 Jun 2025, 肉孜节 Fri 21 Apr 2023.
    check("2025-06-09 (Mon) off in Xinjiang", cal.working(D("2025-06-09")), False)
    check("2023-04-21 (Fri) off in Xinjiang", cal.working(D("2023-04-21")), False)
    check("2023-04-23 (Sun) national working day", cal.working(D("2023-04-23")), True)
    check("emergency 2025-06-05", due("emergency", "2025-06-05T10:00:00+08:00"), "2025-06-11")
    check("return 2022-07-08", due("return", "2022-07-08T10:00:00+08:00"), "2022-07-08")
    check("return 2022-07-09", due("return", "2022-07-09T10:00:00+08:00"), "2022-07-14")
    check("2020 unknown (no regional notice)", cal.known(D("2020-06-01")), False)
    for start, want in [
        ("2021-12-31", "2022-01-07"),  # Fri (1); 1–3 Jan off; 4–7
        ("2022-12-31", "2023-01-09"),  # Sat off; 1–2 off; 3,4,5,6,9
        ("2023-12-31", "2024-01-08"),  # Sun; 1 off; 2,3,4,5,8
        ("2024-12-31", "2025-01-07"),  # Tue (1); 1 off; 2,3,6,7
        ("2025-12-31", "2026-01-07"),  # Wed (1); 1–3 off; Sun 4 working; 4–7
    ]:
        check(f"consultation {start}", due("consultation", f"{start}T10:00:00+08:00"), want)
    # Complaint from Tue 31 Dec 2024: 31, 2, 3, 6–10, 13–17, 20, 21 (15); +2 extensions (+10):
    # 22, 23, 24, Sun 26 (working), 27, [28 Jan–4 Feb off], 5, 6, 7, Sat 8 (working), 10.
    check("complaint 2024-12-31", due("complaint", "2024-12-31T09:00:00+08:00"), "2025-01-21")
    check("complaint 2024-12-31 +2", due("complaint", "2024-12-31T09:00:00+08:00", 2), "2025-02-10")
    # Consultation +1 extension: 5 more after the deadline's day. From Mon 23 Sep 2024:
    # 23–27 (5) → after 27: Sun 29, 30, 8, 9, 10 Oct.
    check("consultation 2024-09-23 +1", due("consultation", "2024-09-23T09:00:00+08:00", 1), "2024-10-10")
    # Emergency: 2 working days; notify 30 minutes later in clock time.
    check("emergency 2024-09-30", due("emergency", "2024-09-30T23:45:00+08:00"), "2024-10-08")
    e = expect(cal, "emergency", parse_rfc3339("2024-09-30T23:45:00+08:00"), 0)
    check("emergency notify_by", e.notify_by.astimezone(CST).isoformat(), "2024-10-01T00:15:00+08:00")
    e = expect(cal, "emergency", parse_rfc3339("2024-09-30T16:00:00Z"), 0)
    check("emergency notify_by from Z", e.notify_by.astimezone(CST).isoformat(), "2024-10-01T00:30:00+08:00")
    check("due strings", expect(cal, "return", parse_rfc3339("2024-12-07T10:00:00+08:00"), 0).due_strings(),
          ("2024-12-09T23:59:59+08:00", "2024-12-10T00:00:00+08:00"))
    # Redo 5, appeal 3 across National Day 2024: from Mon 30 Sep.
    check("redo 2024-09-30", due("redo", "2024-09-30T10:00:00+08:00"), "2024-10-11")  # 30, 8, 9, 10, 11
    check("appeal 2024-09-30", due("appeal", "2024-09-30T10:00:00+08:00"), "2024-10-09")  # 30, 8, 9
    # Into 2027: no data.
    check("consultation 2026-12-31", due("consultation", "2026-12-31T10:00:00+08:00"), ("missing", [2027]))
    check("complaint 2026-11-30 +2", due("complaint", "2026-11-30T10:00:00+08:00", 2), ("missing", [2027]))
    check("complaint 2026-11-30", due("complaint", "2026-11-30T10:00:00+08:00"), "2026-12-18")
    check("return 2026-12-31", due("return", "2026-12-31T10:00:00+08:00"), "2026-12-31")
    # Art. 20.
    check("forbidden", [forbidden(r, n) for r, n in [("complaint", 2), ("complaint", 3), ("consultation", 1),
                                                     ("emergency", 1), ("return", 1), ("redo", 2), ("appeal", 1),
                                                     ("emergency", 0)]],
          [False, True, False, True, True, True, True, False])
    # The generator stays in range and is deterministic.
    a, b = generate(cal, 300, 7), generate(cal, 300, 7)
    check("generator deterministic", a == b, True)
    check("starts in range", all(START_FIRST <= parse_rfc3339(c.start).date() <= START_LAST for c in a), True)
    check("all offsets used", sorted({c.start[19:] for c in a}), sorted(OFFSETS))
    # Exhaustive: every due day is a working day and counts back to N.
    bad = []
    day = START_FIRST
    while day <= START_LAST:
        for n in (1, 2, 3, 5, 15, 25):
            last, missing = cal.nth(day, n)
            if missing:
                continue
            span = [day + dt.timedelta(days=i) for i in range((last - day).days + 1)]
            if not cal.working(last) or sum(map(cal.working, span)) != n:
                bad.append((day, n))
        day += dt.timedelta(days=1)
    check("count invariant over all starts", bad, [])

    failed = 0
    for name, got, want in checks:
        if got != want:
            failed += 1
            print(f"FAIL {name}: got {got!r}, expected {want!r}")
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Independent oracle for `hotline deadline` (SPEC §4).",
        usage="%(prog)s [options] CLI [CLI-ARGS...]  |  %(prog)s --self-test",
    )
    parser.add_argument("--self-test", action="store_true", help="check the oracle against hand-verified dates")
    parser.add_argument("--cases", type=int, default=1500, help="random cases (default 1500)")
    parser.add_argument("--seed", type=int, default=12345, help="random seed (default 12345)")
    parser.add_argument("--jobs", type=int, default=max(2, os.cpu_count() or 2), help="parallel CLI processes")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per CLI call")
    parser.add_argument("--calendar", type=Path, default=DEFAULT_CALENDAR, help="holiday-cn directory")
    parser.add_argument("--regional", type=Path, default=DEFAULT_REGIONAL, help="regional holiday-cn directory")
    parser.add_argument("--max-report", type=int, default=25, help="failures to print in full")
    parser.add_argument("cli", nargs=argparse.REMAINDER, help="the CLI and any arguments before `deadline`")
    opts = parser.parse_args(argv)
    if opts.cli and opts.cli[0] == "--":
        opts.cli = opts.cli[1:]
    if opts.self_test:
        return self_test(opts)
    if not opts.cli:
        parser.error("give the CLI to test (e.g. target/debug/hotline), or --self-test")
    return run_oracle(opts)


if __name__ == "__main__":
    sys.exit(main())
