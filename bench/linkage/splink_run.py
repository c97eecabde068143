"""Run Splink (DuckDB backend) on a haven linkage benchmark file, configured as Splink's documentation
recommends: cleaned columns, blocking rules, NameComparison / DateOfBirthComparison / PostcodeComparison,
probability-two-random-records-match from deterministic rules, u by random sampling, m by EM, predict,
then connected-components clustering at several thresholds.

usage: splink_run.py INPUT.csv OUTDIR [THRESHOLD ...]
Writes OUTDIR/splink_<threshold>.csv (record_id,cluster_id) and OUTDIR/splink_timing.txt.

SPLINK_POSTCODE=generic (used for the public FEBRL sets, whose postcodes are four-digit Australian ones):
postcodes are compared with `LevenshteinAtThresholds(1)` instead of `PostcodeComparison` (which looks for UK
sectors and districts), and the whole postcode stands in for the district in blocking. A column empty in every
record (sex in FEBRL) is left out of the comparisons: Splink cannot train a comparison on no values.
"""

import os
import re
import sys
import time
import unicodedata

t0 = time.time()

import pandas as pd  # noqa: E402

import splink  # noqa: E402
import splink.comparison_library as cl  # noqa: E402
from splink import DuckDBAPI, Linker, SettingsCreator, block_on  # noqa: E402

inp, outdir = sys.argv[1], sys.argv[2]
thresholds = [float(t) for t in sys.argv[3:]] or [0.5, 0.8, 0.9, 0.95, 0.99, 0.999]
os.makedirs(outdir, exist_ok=True)


def clean_name(s):
    if not isinstance(s, str) or not s.strip():
        return None
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z]", "", s)
    return s or None


def clean_postcode(s):
    if not isinstance(s, str):
        return None
    s = re.sub(r"[^A-Za-z0-9]", "", s).upper()
    if len(s) < 5:
        return s or None
    return s[:-3] + " " + s[-3:]


def clean_sex(s):
    if not isinstance(s, str) or not s.strip():
        return None
    c = s.strip()[0].upper()
    return c if c in "MF" else None


df = pd.read_csv(inp, dtype=str, keep_default_na=False)
df["first_name"] = df["first_name"].map(clean_name)
df["surname"] = df["surname"].map(clean_name)
generic_postcode = os.environ.get("SPLINK_POSTCODE") == "generic"
if generic_postcode:
    df["postcode"] = df["postcode"].map(lambda s: re.sub(r"[^A-Za-z0-9]", "", s).upper() or None)
    df["postcode_district"] = df["postcode"]
else:
    df["postcode"] = df["postcode"].map(clean_postcode)
    df["postcode_district"] = df["postcode"].map(
        lambda p: p.split(" ")[0] if isinstance(p, str) and " " in p else None
    )
df["sex"] = df["sex"].map(clean_sex)
# Splink's DateOfBirthComparison reads YYYY-MM-DD: eight digits (FEBRL's YYYYMMDD) are given the dashes.
df["dob"] = df["dob"].map(lambda d: (f"{d[:4]}-{d[4:6]}-{d[6:]}" if re.fullmatch(r"[0-9]{8}", d) else d) or None)
df = df[["record_id", "first_name", "surname", "dob", "sex", "postcode", "postcode_district"]]

settings = SettingsCreator(
    link_type="dedupe_only",
    unique_id_column_name="record_id",
    blocking_rules_to_generate_predictions=[
        block_on("surname", "dob"),
        block_on("first_name", "dob"),
        block_on("first_name", "surname"),
        block_on("postcode", "first_name"),
        block_on("dob", "postcode_district"),
        block_on("surname", "postcode"),
    ],
    comparisons=[
        cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison("dob", input_is_string=True),
        cl.LevenshteinAtThresholds("postcode", [1]) if generic_postcode else cl.PostcodeComparison("postcode"),
    ]
    + ([cl.ExactMatch("sex")] if df["sex"].notna().any() else []),
    retain_intermediate_calculation_columns=False,
    retain_matching_columns=False,
)

db_api = DuckDBAPI()
sdf = db_api.register(df)
linker = Linker(sdf, settings, log_level=None)
linker.training.estimate_probability_two_random_records_match(
    [block_on("first_name", "surname", "dob")], recall=0.7
)
linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob", "postcode_district"))
t_trained = time.time()
pred = linker.inference.predict(threshold_match_probability=min(thresholds))
t_pred = time.time()
cluster_secs = []
for t in thresholds:
    c0 = time.time()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, threshold_match_probability=t)
    out = clusters.as_pandas_dataframe()[["record_id", "cluster_id"]]
    cluster_secs.append(time.time() - c0)
    out.to_csv(os.path.join(outdir, f"splink_{t}.csv"), index=False)
t_end = time.time()
single = (t_pred - t0) + sum(cluster_secs) / len(cluster_secs)
with open(os.path.join(outdir, "splink_timing.txt"), "w") as f:
    f.write(
        f"splink={splink.__version__} load_train={t_trained - t0:.1f}s predict={t_pred - t_trained:.1f}s "
        f"cluster_each={sum(cluster_secs) / len(cluster_secs):.1f}s single_threshold_run={single:.1f}s "
        f"total={t_end - t0:.1f}s\n"
    )
print(open(os.path.join(outdir, "splink_timing.txt")).read(), end="")
