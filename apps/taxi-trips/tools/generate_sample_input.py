#!/usr/bin/env python3
"""Writes the taxi-trips sample input: synthetic NYC yellow-taxi trips for January 2024.

    python3 generate_sample_input.py [--out DIR] [--rows N] [--seed S] [--json]

Notes on the data (kept here because everything under input/ is uploaded to S3):
  * Output: trips-2024-01-part-1.csv (pickups on Jan 1-15) and trips-2024-01-part-2.csv
    (Jan 16-31), in apps/taxi-trips/input/ unless --out says otherwise. Header row, "\\n" line
    ends, rows sorted by pickup time. Columns match taxi_trips_lib.COLUMNS; this script keeps
    its own copy on purpose so the repository's test can compare the two.
  * The defaults (--rows 2400 --seed 20240101) reproduce the committed files byte for byte;
    actions/test/spark-job.test.ts checks that, so regenerate instead of editing by hand.
  * Determinism: one seeded random.Random, integer arithmetic only (cents, hundredths of a
    mile, seconds), a fixed start date; no wall clock, no hashing, no platform maths.
  * --rows counts valid trips. On top of them, INVALID_ROWS lists the deliberately invalid
    rows the job must drop, one defect each (named after the first taxi_trips_lib rule the
    row breaks). --json prints where they landed (file, 1-based line, reason).
  * Fares loosely follow the 2024 TLC tariff ($3 flag drop, $3.50/mile, time charge, MTA
    tax, improvement and congestion surcharges, airport fee, $70 JFK-Manhattan flat fare).
    The numbers are plausible, not a model of real demand.
"""

import argparse
import csv
import json
import os
import random
import sys
from datetime import datetime, timedelta

HEADER = (
    "VendorID",
    "tpep_pickup_datetime",
    "tpep_dropoff_datetime",
    "passenger_count",
    "trip_distance",
    "PULocationID",
    "DOLocationID",
    "payment_type",
    "fare_amount",
    "tip_amount",
    "total_amount",
)
DEFAULT_ROWS = 2400
DEFAULT_SEED = 20240101
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "input")
MONTH_START = datetime(2024, 1, 1)
DAYS = 31
FILES = (("trips-2024-01-part-1.csv", 1, 15), ("trips-2024-01-part-2.csv", 16, 31))
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"

JFK, LGA, EWR = 132, 138, 1
AIRPORTS = (JFK, LGA)
# Pickup/dropoff zones with relative weights. 264 is a real TLC ID ("unknown") that the
# job's zone table does not name, so the left join is exercised.
MANHATTAN = {
    4: 3, 13: 2, 24: 3, 41: 2, 43: 4, 45: 2, 48: 8, 68: 9, 74: 2, 75: 3, 79: 8, 87: 4, 90: 6,
    100: 6, 107: 6, 113: 5, 114: 5, 125: 3, 140: 6, 141: 7, 142: 8, 143: 5, 144: 2, 148: 4,
    151: 3, 161: 12, 162: 11, 163: 9, 164: 8, 166: 2, 170: 7, 186: 9, 209: 1, 211: 3, 224: 2,
    229: 5, 230: 9, 231: 5, 233: 3, 234: 8, 236: 10, 237: 12, 238: 5, 239: 8, 246: 5, 249: 6,
    261: 3, 262: 4, 263: 5,
}
OUTER = {EWR: 1, 7: 2, 33: 1, 65: 1, 145: 2, 168: 1, 181: 1, 255: 2, 256: 1, 264: 1}
ZONE_WEIGHTS = {**MANHATTAN, **OUTER, JFK: 10, LGA: 9}
ZONE_IDS = sorted(ZONE_WEIGHTS)
ZONE_W = [ZONE_WEIGHTS[z] for z in ZONE_IDS]
# Trips per hour of day (0-23).
HOUR_W = [6, 4, 3, 2, 2, 3, 6, 10, 13, 13, 12, 12, 13, 13, 14, 15, 15, 16, 18, 17, 15, 13, 11, 8]
# Average speed in mph per hour of day: slow at rush hour, fast at night.
HOUR_MPH = [19, 20, 21, 22, 22, 20, 16, 12, 10, 10, 11, 11, 11, 11, 11, 10, 9, 9, 10, 12, 14, 15, 17, 18]

# Deliberately invalid rows: (reason, how many). Reasons are taxi_trips_lib rule ids.
INVALID_ROWS = (
    ("non-positive-trip_distance", 4),  # three 0.00 and one negative distance
    ("negative-fare_amount", 2),  # refunds: every amount negative, fare checked first
    ("negative-tip_amount", 1),
    ("negative-total_amount", 1),
    ("dropoff-before-pickup", 3),
    ("missing-tpep_pickup_datetime", 1),  # empty field
    ("missing-tpep_dropoff_datetime", 1),  # unparsable field
    ("missing-PULocationID", 1),
)


def money(cents):
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def make_trip(rng):
    """One valid trip as a dict of integers and datetimes."""
    day = rng.randrange(DAYS)
    hour = rng.choices(range(24), weights=HOUR_W)[0]
    pickup = MONTH_START + timedelta(days=day, hours=hour, minutes=rng.randrange(60), seconds=rng.randrange(60))
    pu = rng.choices(ZONE_IDS, weights=ZONE_W)[0]
    do = rng.choices(ZONE_IDS, weights=ZONE_W)[0]
    if {pu, do} & {JFK, LGA, EWR}:
        distance = rng.randint(800, 1800)  # hundredths of a mile
    else:
        u = rng.randint(0, 1000)
        distance = 35 + u * u * u // 800_000
    mph = HOUR_MPH[hour] + rng.randint(-3, 3)
    seconds = distance * 36 // mph + rng.randint(30, 240)
    dropoff = pickup + timedelta(seconds=seconds)

    manhattan = pu in MANHATTAN or do in MANHATTAN
    if JFK in (pu, do) and manhattan:
        fare = 7000
    else:
        fare = 300 + distance * 350 // 100 + (seconds // 60) * 35
    extras = 50 + 100 + (250 if manhattan else 0) + (175 if pu in AIRPORTS else 0)
    payment = rng.choices((1, 2, 3, 4), weights=(74, 23, 2, 1))[0]
    tip_pct = rng.choices((0, 10, 15, 18, 20, 22, 25, 30), weights=(8, 4, 10, 14, 24, 10, 20, 10))[0]
    tip = (fare + extras) * tip_pct // 100 if payment == 1 else 0
    return {
        "VendorID": rng.choices((1, 2), weights=(3, 7))[0],
        "pickup": pickup,
        "dropoff": dropoff,
        "passenger_count": rng.choices((1, 2, 3, 4, 5, 6, 0), weights=(70, 15, 5, 3, 3, 2, 2))[0],
        "distance": distance,
        "PULocationID": pu,
        "DOLocationID": do,
        "payment_type": payment,
        "fare": fare,
        "tip": tip,
        "total": fare + extras + tip,
    }


def to_fields(trip):
    """A trip dict as CSV fields, in HEADER order."""
    return [
        str(trip["VendorID"]),
        trip["pickup"].strftime(TIME_FORMAT) if isinstance(trip["pickup"], datetime) else trip["pickup"],
        trip["dropoff"].strftime(TIME_FORMAT) if isinstance(trip["dropoff"], datetime) else trip["dropoff"],
        str(trip["passenger_count"]),
        money(trip["distance"]),
        str(trip["PULocationID"]),
        str(trip["DOLocationID"]),
        str(trip["payment_type"]),
        money(trip["fare"]),
        money(trip["tip"]),
        money(trip["total"]),
    ]


def break_trip(trip, reason, variant):
    """A copy of a valid trip with exactly the defect named by reason (first broken rule)."""
    bad = dict(trip)
    if reason == "non-positive-trip_distance":
        bad["distance"] = -125 if variant == 3 else 0
    elif reason == "negative-fare_amount":
        bad.update(fare=-trip["fare"], tip=-trip["tip"], total=-trip["total"], payment_type=4)
    elif reason == "negative-tip_amount":
        bad.update(tip=-100, total=trip["total"] - trip["tip"] - 100)  # total stays > 0
    elif reason == "negative-total_amount":
        bad["total"] = -trip["total"]
    elif reason == "dropoff-before-pickup":
        bad.update(pickup=trip["dropoff"], dropoff=trip["pickup"])
    elif reason == "missing-tpep_pickup_datetime":
        bad["pickup"] = ""
    elif reason == "missing-tpep_dropoff_datetime":
        bad["dropoff"] = "2024-01-xx 25:61:00"
    elif reason == "missing-PULocationID":
        bad["PULocationID"] = ""
    else:
        raise ValueError(f"unknown invalid-row reason {reason!r}")
    return bad


def generate(rows, seed):
    """Returns [(file name, [(fields, reason or None), ...])] for the given size and seed."""
    rng = random.Random(seed)
    entries = [(t["pickup"], to_fields(t), None) for t in (make_trip(rng) for _ in range(rows))]
    for reason, count in INVALID_ROWS:
        for variant in range(1, count + 1):
            base = make_trip(rng)
            entries.append((base["pickup"], to_fields(break_trip(base, reason, variant)), reason))
    entries.sort(key=lambda e: (e[0], e[1]))
    files = []
    for name, first_day, last_day in FILES:
        chosen = [(f, r) for (p, f, r) in entries if first_day <= p.day <= last_day]
        files.append((name, chosen))
    return files


def write(out_dir, files):
    os.makedirs(out_dir, exist_ok=True)
    report = []
    for name, chosen in files:
        with open(os.path.join(out_dir, name), "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(fields for fields, _ in chosen)
        invalid = [{"line": i + 2, "reason": r} for i, (_, r) in enumerate(chosen) if r is not None]
        report.append({"file": name, "rows": len(chosen), "invalid": invalid})
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write the deterministic taxi-trips sample input.")
    parser.add_argument("--out", default=DEFAULT_OUT, help="output directory (default: apps/taxi-trips/input)")
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help=f"valid trips (default {DEFAULT_ROWS})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--json", action="store_true", help="print a JSON report of files and invalid rows")
    args = parser.parse_args(argv)
    if args.rows < 0:
        parser.error("--rows must be >= 0")

    report = write(args.out, generate(args.rows, args.seed))
    if args.json:
        print(json.dumps({"rows": args.rows, "seed": args.seed, "files": report}, indent=2))
    else:
        for entry in report:
            path = os.path.join(args.out, entry["file"])
            print(f"wrote {os.path.normpath(path)}: {entry['rows']} rows, {len(entry['invalid'])} invalid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
