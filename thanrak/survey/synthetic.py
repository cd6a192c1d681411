"""A synthetic national จปฐ. round with each subdistrict's failure rates from TPMAP's real 2561 files.

For every subdistrict of data/tpmap2561 (`*_tambol_common.csv`) the generator makes as many
households and persons as TPMAP counted, and answers each indicator's question so that it fails
with that subdistrict's rate (indicatorN.CNT / indicatorN.ALL). Persons get ages from a simple
Thai age pyramid; disability, chronic illness and validated welfare cards follow the
subdistrict's counts. The answers go through the real rule language when evaluated, so the
benchmark measures the same code path as a real round. Rates are applied per person for person
indicators, which slightly overstates household failure (TPMAP's CNT counts whole households).
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from thanrak.survey import instruments

HOUSEHOLD_FAIL_QUESTION = {
    4: "food_safe",
    5: "medicine_ok",
    9: "drinking_water",
    10: "domestic_water",
    11: "home_hygienic",
    12: "no_pollution",
    13: "disaster_prevention",
    14: "safe",
    23: "saves",
    30: "public_activity",
    31: "warm_family",
}
PERSON_PASS_QUESTION = {
    2: "breastfed_6m",
    3: "vaccinated",
    6: "checkup",
    7: "exercise",
    15: "preschool",
    16: "in_school",
    17: "continued_m4",
    18: "vocational_training",
    19: "literate",
    26: "religious_weekly",
    27: "elder_cared",
    28: "disabled_cared",
    29: "chronic_cared",
}
# Share of persons by age 0..100 (a rough Thai pyramid: fewer children, many 40-60).
_AGE_WEIGHTS = np.array([0.9] * 15 + [1.2] * 25 + [1.5] * 20 + [1.1] * 15 + [0.5] * 15 + [0.1] * 11)
AGE_P = _AGE_WEIGHTS / _AGE_WEIGHTS.sum()


@dataclass
class Subdistrict:
    code: str
    households: int
    persons: int
    welfare_rate: float
    disabled_rate: float
    chronic_rate: float
    fail: dict[int, float]


def subdistricts(directory: Path) -> Iterator[Subdistrict]:
    for path in sorted(directory.glob("61_*_tambol_common.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                persons = int(float(row["HOUSEMEMBER_CNT"] or 0))
                households = int(float(row["household.CNT"] or 0))
                if persons <= 0 or households <= 0:
                    continue
                fail = {}
                for n in range(1, 32):
                    applies, fails = (
                        float(row[f"indicator{n}.ALL"] or 0),
                        float(row[f"indicator{n}.CNT"] or 0),
                    )
                    fail[n] = min(fails / applies, 1.0) if applies > 0 else 0.0
                yield Subdistrict(
                    code=row["tumbol_ID"].zfill(6),
                    households=households,
                    persons=max(persons, households),
                    welfare_rate=min(float(row["MOF_VAL_CNT"] or 0) / persons, 1.0),
                    disabled_rate=min(float(row["DISABLED_CNT"] or 0) / persons, 1.0),
                    chronic_rate=min(float(row["CHRONICPATIENT_CNT"] or 0) / persons, 1.0),
                    fail=fail,
                )


def _sizes(rng: np.random.Generator, households: int, persons: int) -> np.ndarray:
    """Household sizes ≥ 1 adding up exactly to `persons`."""
    sizes = np.ones(households, dtype=np.int64)
    extra = persons - households
    if extra > 0:
        sizes += np.bincount(rng.integers(0, households, extra), minlength=households)
    return sizes


def generate_province(
    subs: list[Subdistrict],
    rng: np.random.Generator,
    first_household: int,
    first_person: int,
    scale: float = 1.0,
) -> tuple[pa.Table, pa.Table]:
    """Households and persons tables of one province's subdistricts."""
    hh_area, hh_size, sub_index = [], [], []
    for i, s in enumerate(subs):
        n_h = max(1, round(s.households * scale))
        n_p = max(n_h, round(s.persons * scale))
        sizes = _sizes(rng, n_h, n_p)
        villages = max(1, n_h // 170)
        vill = rng.integers(1, villages + 1, n_h)
        hh_area.append(np.char.add(s.code, np.char.zfill(vill.astype(str), 2)))
        hh_size.append(sizes)
        sub_index.append(np.full(n_h, i))
    area = np.concatenate(hh_area)
    sizes = np.concatenate(hh_size)
    hsub = np.concatenate(sub_index)
    n_h = len(sizes)
    hid = np.arange(first_household, first_household + n_h, dtype=np.int64)
    rate = {n: np.array([s.fail[n] for s in subs]) for n in range(1, 32)}
    households = {"household_id": hid, "area_code": area, "members": sizes}
    u = lambda: rng.random(n_h)  # noqa: E731
    for n, q in HOUSEHOLD_FAIL_QUESTION.items():
        households[q] = u() >= rate[n][hsub]
    fail8 = u() < rate[8][hsub]
    households["secure_tenure"] = ~(fail8 & (u() < 0.5))
    households["durable_house"] = np.where(fail8 & households["secure_tenure"], False, True)
    fail22 = u() < rate[22][hsub]
    per_person = np.where(fail22, rng.integers(5_000, 38_000, n_h), rng.integers(38_000, 150_000, n_h))
    households["income_total_baht"] = per_person * sizes

    n_p = int(sizes.sum())
    p_h = np.repeat(np.arange(n_h), sizes)
    psub = hsub[p_h]
    pu = lambda: rng.random(n_p)  # noqa: E731
    age = rng.choice(len(AGE_P), size=n_p, p=AGE_P).astype(np.int64)
    persons: dict[str, np.ndarray] = {
        "household_id": hid[p_h],
        "person_id": np.arange(first_person, first_person + n_p, dtype=np.int64),
        "age": age,
        "sex": np.where(pu() < 0.49, "M", "F"),
        "welfare": pu() < np.array([s.welfare_rate for s in subs])[psub],
    }
    disabled = pu() < np.array([s.disabled_rate for s in subs])[psub]
    persons["disabled"] = disabled
    persons["chronic"] = pu() < np.array([s.chronic_rate for s in subs])[psub]
    persons["self_care_unable"] = disabled & (pu() < 0.2)
    persons["student_full_time"] = (age >= 15) & (age <= 22) & (pu() < 0.5)
    persons["finished_m3_last_year"] = (age >= 14) & (age <= 16) & (pu() < 0.3)
    persons["left_school_no_job"] = (age >= 15) & (age <= 24) & (pu() < 0.05)
    for n, q in PERSON_PASS_QUESTION.items():
        persons[q] = pu() >= rate[n][psub]
    persons["birth_weight_g"] = np.where(pu() < rate[1][psub], 2200, 3100)
    occ_fail = pu() < np.where(age >= 60, rate[21][psub], rate[20][psub])
    persons["has_occupation"] = ~occ_fail
    persons["has_income"] = ~occ_fail
    persons["drinks"] = pu() < rate[24][psub]
    persons["smokes"] = pu() < rate[25][psub]
    return pa.table(households), pa.table(persons)


def generate(
    tpmap_dir: Path, out_dir: Path, *, scale: float = 1.0, seed: int = 2561, progress: object = None
) -> tuple[int, int]:
    """Write households/ and persons/ Parquet files (one per province); returns (households, persons)."""
    rng = np.random.default_rng(seed)
    by_province: dict[str, list[Subdistrict]] = {}
    for s in subdistricts(tpmap_dir):
        by_province.setdefault(s.code[:2], []).append(s)
    (out_dir / "households").mkdir(parents=True, exist_ok=True)
    (out_dir / "persons").mkdir(parents=True, exist_ok=True)
    n_h = n_p = 0
    for province in sorted(by_province):
        hh, pp = generate_province(by_province[province], rng, n_h + 1, n_p + 1, scale)
        pq.write_table(hh, out_dir / "households" / f"{province}.parquet", compression="zstd")
        pq.write_table(pp, out_dir / "persons" / f"{province}.parquet", compression="zstd")
        n_h += hh.num_rows
        n_p += pp.num_rows
        if progress is not None:
            progress.update(1)  # type: ignore[attr-defined]
    return n_h, n_p


def question_types() -> dict[str, str]:
    return {q[0]: q[2] for q in instruments.QUESTIONS}
