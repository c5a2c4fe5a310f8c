"""daily_zone_stats: per pickup date and pickup zone, how many taxi trips and how much revenue.

Spark entry point of the taxi-trips pipeline. Uploading this file to s3://<bucket>/scripts/
starts a run; the state machine passes two arguments:

    daily_zone_stats.py <input-prefix> <output-prefix>
    e.g. s3://<bucket>/input/ s3://<bucket>/output/daily_zone_stats/

Steps:
  1. check the arguments (usage and exit code 2 when they are wrong, before Spark starts);
  2. read every *.csv under the input prefix with an explicit schema (header checked
     against it, no inference; unparsable fields become null);
  3. tag each row with the first validity rule it breaks (taxi_trips_lib.RULES), log the
     counts per reason, keep the valid rows;
  4. aggregate per pickup date and pickup location: trip count, total revenue
     (sum of total_amount), average trip distance and average fare, plus zone names;
  5. overwrite the output prefix with Parquet partitioned by pickup_date.

Exit codes: 0 success, 1 nothing valid to aggregate (the output is left untouched),
2 bad arguments. Any Spark failure raises, which fails the job run.

Shared definitions come from taxi_trips_lib (deps/, shipped with --py-files). Locally:
    spark-submit --py-files apps/taxi-trips/deps/taxi_trips_lib.py \\
        apps/taxi-trips/scripts/daily_zone_stats.py apps/taxi-trips/input/ /tmp/daily_zone_stats/
"""

import logging
import os
import sys

try:
    import taxi_trips_lib as lib
except ImportError:  # run from a checkout without --py-files: use the sibling deps/ folder
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "deps"))
    import taxi_trips_lib as lib

APP_NAME = "taxi-trips-daily-zone-stats"
USAGE = "usage: daily_zone_stats.py <input-prefix> <output-prefix>"
INVALID_REASON = "_invalid_reason"

log = logging.getLogger("daily_zone_stats")


def check_arguments(argv):
    """Returns (input_prefix, output_prefix), or an error message when the arguments are wrong."""
    if len(argv) != 3:
        return f"expected 2 arguments, got {len(argv) - 1}"
    input_prefix, output_prefix = (a.strip() for a in argv[1:])
    if not input_prefix or not output_prefix:
        return "input and output prefixes must not be empty"
    inp, out = input_prefix.rstrip("/") + "/", output_prefix.rstrip("/") + "/"
    # The output is overwritten: refuse anything that would delete or re-read the input.
    if out.startswith(inp) or inp.startswith(out):
        return f"output prefix {output_prefix!r} overlaps input prefix {input_prefix!r}"
    return input_prefix, output_prefix


def read_trips(spark, input_prefix):
    """Step 2: the raw trips, typed by lib.spark_schema()."""
    return (
        spark.read.schema(lib.spark_schema())
        .option("header", True)
        .option("enforceSchema", False)  # fail if the header does not name the schema's columns
        .option("mode", "PERMISSIVE")  # a bad field becomes null, and the rules drop the row
        .option("timestampFormat", lib.TIMESTAMP_FORMAT_SPARK)
        .option("pathGlobFilter", "*.csv")
        .csv(input_prefix)
    )


def count_by_reason(tagged):
    """Step 3: {reason or None: rows}, in one pass over the input."""
    return {row[INVALID_REASON]: row["count"] for row in tagged.groupBy(INVALID_REASON).count().collect()}


def daily_zone_stats(valid, zones):
    """Step 4: one row per (pickup_date, pickup_location_id), named as lib.OUTPUT_COLUMNS."""
    from pyspark.sql import functions as F

    stats = (
        valid.withColumn("pickup_date", F.to_date(F.col(lib.PICKUP)))
        .groupBy("pickup_date", F.col(lib.PICKUP_LOCATION).alias("pickup_location_id"))
        .agg(
            F.count(F.lit(1)).alias("trip_count"),
            F.round(F.sum(lib.TOTAL), 2).alias("total_revenue"),
            F.round(F.avg(lib.TRIP_DISTANCE), 3).alias("avg_trip_distance"),
            F.round(F.avg(lib.FARE), 2).alias("avg_fare"),
        )
    )
    return stats.join(F.broadcast(zones), on="pickup_location_id", how="left").select(*lib.OUTPUT_COLUMNS)


def run(spark, input_prefix, output_prefix):
    """Steps 2-5. Returns the process exit code."""
    from pyspark import StorageLevel

    tagged = read_trips(spark, input_prefix).withColumn(INVALID_REASON, lib.spark_invalid_reason())
    tagged.persist(StorageLevel.MEMORY_AND_DISK)

    counts = count_by_reason(tagged)
    total = sum(counts.values())
    valid_rows = counts.get(None, 0)
    log.info("read %d rows from %s: %d valid, %d invalid", total, input_prefix, valid_rows, total - valid_rows)
    for reason in lib.RULE_IDS:
        if counts.get(reason):
            log.warning("dropped %d rows: %s", counts[reason], reason)
    if valid_rows == 0:
        log.error("no valid trips under %s; leaving %s untouched", input_prefix, output_prefix)
        return 1

    valid = tagged.filter(tagged[INVALID_REASON].isNull()).drop(INVALID_REASON)
    zones = spark.createDataFrame(lib.zone_rows(), schema=lib.ZONE_ROWS_DDL)
    stats = daily_zone_stats(valid, zones)

    # Every run recomputes all dates from the whole input, so a full overwrite (Spark's
    # default static partition overwrite) also removes dates that left the input.
    (
        stats.repartition("pickup_date")  # one file per date partition
        .write.mode("overwrite")
        .partitionBy("pickup_date")
        .parquet(output_prefix)
    )
    log.info("wrote daily zone stats to %s", output_prefix)
    tagged.unpersist()
    return 0


def main(argv):
    logging.basicConfig(
        level=logging.INFO, stream=sys.stdout, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    checked = check_arguments(argv)
    if isinstance(checked, str):
        print(f"{USAGE}\nerror: {checked}", file=sys.stderr)
        return 2
    input_prefix, output_prefix = checked

    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.appName(APP_NAME)
        # Input timestamps have no zone; read and bucket them as written.
        .config("spark.sql.session.timeZone", "UTC")
        # A malformed timestamp becomes null (and the row invalid) instead of failing the job.
        .config("spark.sql.legacy.timeParserPolicy", "CORRECTED")
        .getOrCreate()
    )
    try:
        return run(spark, input_prefix, output_prefix)
    finally:
        spark.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
