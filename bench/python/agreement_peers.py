"""Fleiss' kappa through statsmodels and Krippendorff's alpha through NLTK, on reliability data
sent by the agreement benchmark, for comparison with Concord's own figures.

Protocol (one JSON document per line):
  stdin, first line: {"coders": [...], "codes": [...], "categories": q, "fleiss": M, "alpha": M},
    where each M holds one matrix per code: rows = units, one value per coder (a category index
    0…q-1, or null for missing).
  then commands, one per line: "fleiss" or "alpha"; each is answered on stdout with
    {"ms": <time of the computation alone, milliseconds>, "values": [one per code, null if NaN]}.
  "modules" answers {"statsmodels": version, "nltk": version}. End of input ends the process.

Definitions, as Concord's (see docs/agreement.md):
  - Fleiss' kappa over the units every coder rated (statsmodels' fleiss_kappa asserts complete
    rows, so incomplete ones are dropped before timing), categories fixed to 0…q-1 so a code no
    one applied gives 0/0 (NaN, reported as null) as Concord's null does.
  - Krippendorff's alpha, nominal (NLTK's default binary_distance), missing ratings left out;
    NLTK skips items with fewer than two labels, as Concord does.
Only the package calls are timed: building the input arrays and triples is not.
"""
import json
import math
import sys
import time
import warnings

import numpy as np
import nltk
import statsmodels
from nltk.metrics.agreement import AnnotationTask
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa


def plain(value):
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value


def fleiss_inputs(coders, matrices):
    inputs = []
    for rows in matrices:
        complete = [row for row in rows if all(v is not None for v in row)]
        inputs.append(np.asarray(complete, dtype=np.int64).reshape(len(complete), len(coders)))
    return inputs


def alpha_inputs(coders, matrices):
    inputs = []
    for rows in matrices:
        triples = []
        for item, row in enumerate(rows):
            for coder, value in zip(coders, row):
                if value is not None:
                    triples.append((coder, item, value))
        inputs.append(triples)
    return inputs


def run_fleiss(inputs, categories):
    values = []
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for data in inputs:
            try:
                table, _ = aggregate_raters(data, n_cat=categories)
                values.append(fleiss_kappa(table, method="fleiss"))
            except ValueError:  # no complete unit: max() of nothing
                values.append(float("nan"))
    ms = (time.perf_counter() - start) * 1000
    return {"ms": ms, "values": [plain(v) for v in values]}


def run_alpha(inputs):
    values = []
    start = time.perf_counter()
    for triples in inputs:
        try:
            values.append(AnnotationTask(data=triples).alpha())
        except (ValueError, ZeroDivisionError):
            values.append(float("nan"))
    ms = (time.perf_counter() - start) * 1000
    return {"ms": ms, "values": [plain(v) for v in values]}


def main():
    data = json.loads(sys.stdin.readline())
    fleiss = fleiss_inputs(data["coders"], data["fleiss"])
    alpha = alpha_inputs(data["coders"], data["alpha"])
    commands = {
        "fleiss": lambda: run_fleiss(fleiss, data["categories"]),
        "alpha": lambda: run_alpha(alpha),
        "modules": lambda: {"statsmodels": statsmodels.__version__, "nltk": nltk.__version__},
    }
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        command = line.strip()
        if not command:
            continue
        if command not in commands:
            print(json.dumps({"error": f"unknown command {command!r}"}), flush=True)
            continue
        print(json.dumps(commands[command]()), flush=True)


if __name__ == "__main__":
    main()
