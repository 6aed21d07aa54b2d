"""Nightly usage report."""
import csv
import sys
from datetime import date


def load(path):
    # TODO(priya): handle files with a BOM before 2025-03-01 !high #reports
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def summarize(rows):
    totals = {}
    for row in rows:
        totals[row["team"]] = totals.get(row["team"], 0) + int(row["minutes"])
    # HACK: teams with no usage are dropped; product wants them listed with 0 #reports
    return totals


if __name__ == "__main__":
    # TODO: accept a --since flag (low priority) #cli
    print(date.today(), summarize(load(sys.argv[1])))
