"""Shared, pure-Python definitions for the taxi-trips Spark jobs.

Shipped to every job with ``--py-files s3://<bucket>/deps/taxi_trips_lib.py``, so the entry
points under ``scripts/`` can ``import taxi_trips_lib``. Importing this module never imports
pyspark: the two helpers that build Spark objects (``spark_schema`` and
``spark_invalid_reason``) import it inside the function. Everything else runs on plain
Python 3.7+, which is how the repository's tests check the committed sample input.

Contents, in order:
  1. the input CSV columns and their types (the order is the header order);
  2. the row-validity rules, with a pure-Python evaluator and a Spark Column builder
     that read the same rule table, so the two cannot drift apart;
  3. a pickup-zone lookup (a subset of the NYC TLC taxi zone table).
"""

from __future__ import annotations

import operator
from datetime import datetime
from typing import Any, Callable, Mapping, NamedTuple, Optional, Tuple

# --- 1. Columns ----------------------------------------------------------------------------

#: Timestamp layout of the input files, for Python's strptime and for Spark's CSV reader.
TIMESTAMP_FORMAT_PYTHON = "%Y-%m-%d %H:%M:%S"
TIMESTAMP_FORMAT_SPARK = "yyyy-MM-dd HH:mm:ss"

PICKUP = "tpep_pickup_datetime"
DROPOFF = "tpep_dropoff_datetime"
PICKUP_LOCATION = "PULocationID"
TRIP_DISTANCE = "trip_distance"
FARE = "fare_amount"
TIP = "tip_amount"
TOTAL = "total_amount"


class Column(NamedTuple):
    name: str
    kind: str  # "int", "double" or "timestamp"


#: The input columns, in header order (a subset of the TLC yellow-taxi trip record layout).
COLUMNS: Tuple[Column, ...] = (
    Column("VendorID", "int"),
    Column(PICKUP, "timestamp"),
    Column(DROPOFF, "timestamp"),
    Column("passenger_count", "int"),
    Column(TRIP_DISTANCE, "double"),
    Column(PICKUP_LOCATION, "int"),
    Column("DOLocationID", "int"),
    Column("payment_type", "int"),
    Column(FARE, "double"),
    Column(TIP, "double"),
    Column(TOTAL, "double"),
)
COLUMN_NAMES: Tuple[str, ...] = tuple(c.name for c in COLUMNS)

#: Output columns of daily_zone_stats, in the order they are written (pickup_date is the
#: Parquet partition column, so it appears in the path rather than in the files).
OUTPUT_COLUMNS: Tuple[str, ...] = (
    "pickup_date",
    "pickup_location_id",
    "pickup_borough",
    "pickup_zone",
    "trip_count",
    "total_revenue",
    "avg_trip_distance",
    "avg_fare",
)


def parse_value(kind: str, text: Optional[str]) -> Any:
    """Parses one CSV field the way Spark's PERMISSIVE CSV reader does: empty or unparsable
    text becomes None instead of failing the whole file."""
    if text is None:
        return None
    text = text.strip()
    if text == "":
        return None
    try:
        if kind == "int":
            return int(text)
        if kind == "double":
            return float(text)
        if kind == "timestamp":
            return datetime.strptime(text, TIMESTAMP_FORMAT_PYTHON)
    except ValueError:
        return None
    raise ValueError(f"unknown column kind {kind!r}")


def parse_row(raw: Mapping[str, Optional[str]]) -> dict:
    """Turns a csv.DictReader row (strings) into typed values, None where Spark would read null."""
    return {c.name: parse_value(c.kind, raw.get(c.name)) for c in COLUMNS}


# --- 2. Validity rules -----------------------------------------------------------------------


class Rule(NamedTuple):
    """A row is valid when ``column <op> operand`` holds for every rule, in order.

    ``op`` is "not-null" (operand unused), ">", ">=". ``operand`` is a number, or a column
    name when ``operand_is_column`` is true. A comparison with a null side fails, as it does
    through ``coalesce(condition, false)`` in Spark.
    """

    id: str
    column: str
    op: str
    operand: Any = None
    operand_is_column: bool = False


#: Columns a row cannot be used without. Null means empty *or* unparsable in the input.
REQUIRED_COLUMNS: Tuple[str, ...] = (PICKUP, DROPOFF, PICKUP_LOCATION, TRIP_DISTANCE, FARE, TIP, TOTAL)

#: Checked in this order; a row's invalid reason is the id of the first rule it breaks.
RULES: Tuple[Rule, ...] = tuple(Rule(f"missing-{name}", name, "not-null") for name in REQUIRED_COLUMNS) + (
    Rule(f"non-positive-{TRIP_DISTANCE}", TRIP_DISTANCE, ">", 0),
    Rule(f"negative-{FARE}", FARE, ">=", 0),
    Rule(f"negative-{TIP}", TIP, ">=", 0),
    Rule(f"negative-{TOTAL}", TOTAL, ">=", 0),
    Rule("dropoff-before-pickup", DROPOFF, ">=", PICKUP, operand_is_column=True),
)
RULE_IDS: Tuple[str, ...] = tuple(r.id for r in RULES)

_PY_OPS: Mapping[str, Callable[[Any, Any], bool]] = {">": operator.gt, ">=": operator.ge}


def _rule_holds(rule: Rule, row: Mapping[str, Any]) -> bool:
    value = row.get(rule.column)
    if rule.op == "not-null":
        return value is not None
    other = row.get(rule.operand) if rule.operand_is_column else rule.operand
    if value is None or other is None:
        return False
    return _PY_OPS[rule.op](value, other)


def invalid_reason(row: Mapping[str, Any]) -> Optional[str]:
    """Returns the id of the first rule a *typed* row (see parse_row) breaks, or None if valid."""
    for rule in RULES:
        if not _rule_holds(rule, row):
            return rule.id
    return None


def is_valid_trip(row: Mapping[str, Any]) -> bool:
    """True if a typed row passes every rule."""
    return invalid_reason(row) is None


def is_valid_csv_row(raw: Mapping[str, Optional[str]]) -> bool:
    """True if a raw csv.DictReader row passes every rule once parsed."""
    return is_valid_trip(parse_row(raw))


# --- 3. Zone lookup ----------------------------------------------------------------------------

#: LocationID -> (borough, zone): a subset of the TLC "taxi_zone_lookup.csv" covering the
#: busiest zones. IDs not listed here keep their numeric ID and get null names in the output.
ZONES: Mapping[int, Tuple[str, str]] = {
    1: ("EWR", "Newark Airport"),
    4: ("Manhattan", "Alphabet City"),
    7: ("Queens", "Astoria"),
    13: ("Manhattan", "Battery Park City"),
    24: ("Manhattan", "Bloomingdale"),
    33: ("Brooklyn", "Brooklyn Heights"),
    41: ("Manhattan", "Central Harlem"),
    43: ("Manhattan", "Central Park"),
    45: ("Manhattan", "Chinatown"),
    48: ("Manhattan", "Clinton East"),
    65: ("Brooklyn", "Downtown Brooklyn/MetroTech"),
    68: ("Manhattan", "East Chelsea"),
    74: ("Manhattan", "East Harlem North"),
    75: ("Manhattan", "East Harlem South"),
    79: ("Manhattan", "East Village"),
    87: ("Manhattan", "Financial District North"),
    90: ("Manhattan", "Flatiron"),
    100: ("Manhattan", "Garment District"),
    107: ("Manhattan", "Gramercy"),
    113: ("Manhattan", "Greenwich Village North"),
    114: ("Manhattan", "Greenwich Village South"),
    125: ("Manhattan", "Hudson Sq"),
    132: ("Queens", "JFK Airport"),
    138: ("Queens", "LaGuardia Airport"),
    140: ("Manhattan", "Lenox Hill East"),
    141: ("Manhattan", "Lenox Hill West"),
    142: ("Manhattan", "Lincoln Square East"),
    143: ("Manhattan", "Lincoln Square West"),
    144: ("Manhattan", "Little Italy/NoLiTa"),
    145: ("Queens", "Long Island City/Hunters Point"),
    148: ("Manhattan", "Lower East Side"),
    151: ("Manhattan", "Manhattan Valley"),
    161: ("Manhattan", "Midtown Center"),
    162: ("Manhattan", "Midtown East"),
    163: ("Manhattan", "Midtown North"),
    164: ("Manhattan", "Midtown South"),
    166: ("Manhattan", "Morningside Heights"),
    168: ("Bronx", "Mott Haven/Port Morris"),
    170: ("Manhattan", "Murray Hill"),
    181: ("Brooklyn", "Park Slope"),
    186: ("Manhattan", "Penn Station/Madison Sq West"),
    209: ("Manhattan", "Seaport"),
    211: ("Manhattan", "SoHo"),
    224: ("Manhattan", "Stuy Town/Peter Cooper Village"),
    229: ("Manhattan", "Sutton Place/Turtle Bay North"),
    230: ("Manhattan", "Times Sq/Theatre District"),
    231: ("Manhattan", "TriBeCa/Civic Center"),
    233: ("Manhattan", "UN/Turtle Bay South"),
    234: ("Manhattan", "Union Sq"),
    236: ("Manhattan", "Upper East Side North"),
    237: ("Manhattan", "Upper East Side South"),
    238: ("Manhattan", "Upper West Side North"),
    239: ("Manhattan", "Upper West Side South"),
    246: ("Manhattan", "West Chelsea/Hudson Yards"),
    249: ("Manhattan", "West Village"),
    255: ("Brooklyn", "Williamsburg (North Side)"),
    256: ("Brooklyn", "Williamsburg (South Side)"),
    261: ("Manhattan", "World Trade Center"),
    262: ("Manhattan", "Yorkville East"),
    263: ("Manhattan", "Yorkville West"),
}


def zone_for(location_id: Optional[int]) -> Tuple[Optional[str], Optional[str]]:
    """(borough, zone) for a TLC LocationID, or (None, None) when it is not in ZONES."""
    if location_id is None:
        return (None, None)
    return ZONES.get(location_id, (None, None))


def zone_rows() -> list:
    """ZONES as sorted (location_id, borough, zone) tuples, ready for spark.createDataFrame."""
    return [(loc, borough, zone) for loc, (borough, zone) in sorted(ZONES.items())]


ZONE_ROWS_DDL = "pickup_location_id INT, pickup_borough STRING, pickup_zone STRING"


# --- Spark builders (pyspark imported lazily) --------------------------------------------------


def spark_schema():
    """The explicit StructType for reading the input CSV (no inference)."""
    from pyspark.sql import types as T

    spark_types = {"int": T.IntegerType(), "double": T.DoubleType(), "timestamp": T.TimestampType()}
    return T.StructType([T.StructField(c.name, spark_types[c.kind], nullable=True) for c in COLUMNS])


def spark_invalid_reason():
    """A Column holding the id of the first rule a row breaks, or null for a valid row.

    Built from RULES, exactly like invalid_reason(); each condition is wrapped in
    coalesce(..., false) so a null operand counts as a broken rule, never as "unknown".
    """
    from pyspark.sql import functions as F

    def holds(rule: Rule):
        col = F.col(rule.column)
        if rule.op == "not-null":
            return col.isNotNull()
        other = F.col(rule.operand) if rule.operand_is_column else F.lit(rule.operand)
        condition = {">": col > other, ">=": col >= other}[rule.op]
        return F.coalesce(condition, F.lit(False))

    first, *rest = RULES
    reason = F.when(~holds(first), F.lit(first.id))
    for rule in rest:
        reason = reason.when(~holds(rule), F.lit(rule.id))
    return reason.otherwise(F.lit(None).cast("string"))
