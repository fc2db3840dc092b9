#!/usr/bin/python3
"""Expected token-level agreement figures for annotations/agreement/*.test.ts.

This is how the numbers in expected.json were produced. It is NOT run by the test suite (the
tests read the committed expected.json); re-run it only to add or change cases:

    apt-get install -y python3-sklearn python3-nltk python3-statsmodels
    /usr/bin/python3 annotations/agreement/reference/compute_expected.py > annotations/agreement/reference/expected.json

Trusted implementations used:
  - Cohen's kappa:         sklearn.metrics.cohen_kappa_score, on the items both raters rated;
  - Krippendorff's alpha:  nltk.metrics.agreement.AnnotationTask(...).alpha() (binary distance),
                           missing values = (coder, item) triples left out;
  - Fleiss' kappa:         statsmodels.stats.inter_rater.fleiss_kappa(aggregate_raters(rows)),
                           on the items every rater rated; cross-checked against NLTK's
                           AnnotationTask.pi() (Siegel & Castellan's K = Fleiss' kappa), which must
                           agree to 1e-12;
  - observed agreement:    NLTK's AnnotationTask.avg_Ao() on complete data; with missing values
                           the Krippendorff 1 - Do written out below (checked against avg_Ao on
                           every complete case).
Undefined values (0/0: a single category, no items) are written as null, with what the
reference library returned in "reference_notes" (sklearn: nan; NLTK alpha(): 1).

Token cases are built from a text and mentions. The script labels tokens on its own, for an
independent check of the TypeScript labelling: tokens are re.finditer(r"\\w+") over the text
(the texts use only letters, digits, spaces and final punctuation, where this equals the core's
word and number tokens; the test checks that), and each token gets the type of the outermost
overlapping mention (longest; then earliest start; then smallest type name) or "O". Python
string indices are code points, as Qalam's offsets are.

Versions used for the committed file: see "generator" in expected.json.
"""
import json
import math
import os
import random
import re
import sys
import warnings

# NLTK keeps coders in a set, so the order of its pairwise sums (and the last bit of a few
# results) follows string hashing: fix the hash seed so the output is byte-identical run to run.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, "PYTHONHASHSEED": "0"})

import nltk
import sklearn
import statsmodels
from nltk.metrics.agreement import AnnotationTask
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

warnings.simplefilter("ignore")


def mention(text, mid, typ, sub, occurrence=0):
    """A mention of the `occurrence`-th occurrence of `sub` in `text` (code points)."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(sub, at + 1)
    return {"id": mid, "type": typ, "start": at, "end": at + len(sub)}


def tokens(text):
    return [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]


def label(tok, mentions):
    s, e = tok
    over = [m for m in mentions if m["start"] < e and s < m["end"]]
    if not over:
        return "O"
    best = min(over, key=lambda m: (-(m["end"] - m["start"]), m["start"], m["type"]))
    return best["type"]


def ratings_of(doc):
    toks = tokens(doc["text"])
    cols = [None if s is None else [label(t, s) for t in toks] for s in doc["sets"]]
    return toks, [[None if c is None else c[k] for c in cols] for k in range(len(toks))]


def coef(value, items, note=None):
    out = {"value": value, "items": items}
    if note is not None:
        out["reference_note"] = note
    return out


def cohen(rows, i, j):
    pairs = [(r[i], r[j]) for r in rows if r[i] is not None and r[j] is not None]
    if not pairs:
        return coef(None, 0, "no items rated by both")
    a = [p[0] for p in pairs]
    b = [p[1] for p in pairs]
    k = cohen_kappa_score(a, b)
    if math.isnan(k):
        return coef(None, len(pairs), "sklearn cohen_kappa_score: nan")
    return coef(float(k), len(pairs))


def task(rows):
    return AnnotationTask(
        data=[(str(c), str(i), v) for i, r in enumerate(rows) for c, v in enumerate(r) if v is not None]
    )


def pairable(rows):
    return [r for r in rows if sum(v is not None for v in r) >= 2]


def alpha(rows):
    p = pairable(rows)
    if not p:
        return coef(None, 0, "no pairable items (NLTK: ValueError or alpha over nothing)")
    t = task(p)
    a = t.alpha()
    if len(t.K) == 1:
        return coef(None, len(p), "NLTK alpha() returns %r for a single category" % a)
    return coef(float(a), len(p))


def observed(rows):
    """1 - Do of Krippendorff's alpha, written out: each pairable value's pairs weigh 1/(m_u - 1)."""
    p = pairable(rows)
    if not p:
        return coef(None, 0)
    n = 0
    dis = 0.0
    for r in p:
        vals = [v for v in r if v is not None]
        m = len(vals)
        n += m
        d = sum(1 for x in vals for y in vals if x != y)  # ordered pairs, (i, i) never differs
        dis += d / (m - 1)
    value = 1 - dis / n
    if all(all(v is not None for v in r) for r in rows):
        ao = task(rows).avg_Ao()
        assert abs(ao - value) < 1e-12, (ao, value)
    return coef(value, len(p))


def fleiss(rows):
    if rows and len(rows[0]) < 2:
        return coef(None, 0, "fewer than two raters")
    full = [r for r in rows if all(v is not None for v in r)]
    if not full:
        return coef(None, 0, "no item rated by every rater")
    cats = sorted({v for r in full for v in r})
    table, _ = aggregate_raters([[cats.index(v) for v in r] for r in full], n_cat=len(cats))
    k = fleiss_kappa(table, method="fleiss")
    if len(cats) == 1 or math.isnan(k):
        return coef(None, len(full), "statsmodels fleiss_kappa: %r" % k)
    pi = task(full).pi()
    assert abs(pi - k) < 1e-12, (pi, k)
    return coef(float(k), len(full))


def figures(rows, raters):
    out = {
        "items": len(rows),
        "alpha": alpha(rows),
        "fleiss": fleiss(rows),
        "observed": observed(rows),
    }
    out["cohen"] = cohen(rows, 0, 1) if raters == 2 else coef(None, 0, "not two raters")
    if raters >= 3:
        out["pairwiseCohen"] = {
            "%d,%d" % (i, j): cohen(rows, i, j) for i in range(raters) for j in range(i + 1, raters)
        }
        full = [r for r in rows if all(v is not None for v in r)]
        if full and len({v for r in full for v in r}) > 1:
            # NLTK's kappa(): the average of pairwise Cohen's kappas (complete rows only)
            out["nltkAveragePairwiseKappa"] = task(full).kappa()
    return out


def token_case(name, description, docs):
    raters = len(docs[0]["sets"])
    all_rows = []
    per_doc = []
    out_docs = []
    for d in docs:
        toks, rows = ratings_of(d)
        all_rows += rows
        per_doc.append(figures(rows, raters))
        out_docs.append({**d, "tokens": [list(t) for t in toks], "labels": rows})
    return {
        "name": name,
        "description": description,
        "kind": "tokens",
        "docs": out_docs,
        "expected": {"documents": per_doc, "corpus": figures(all_rows, raters)},
    }


def matrix_case(name, description, rows):
    return {
        "name": name,
        "description": description,
        "kind": "matrix",
        "ratings": rows,
        "expected": figures(rows, len(rows[0])),
    }


cases = []

# 1. Nested spans, Hebrew, two annotators.
t1 = "נשיא בנק ישראל אמיר ירון ביקר בקזחסטן ובאוזבקיסטן בשנת 2023 עם משלחת של בנק ישראל."
cases.append(token_case(
    "nested_he",
    "nested ORG(GPE) for one annotator, only the inner GPE for the other; prefix left out by B; "
    "a type disagreement on a word without its prefix; a number token",
    [{
        "docId": "he1",
        "text": t1,
        "sets": [
            [
                mention(t1, "a1", "ORG", "בנק ישראל"),
                mention(t1, "a2", "GPE", "ישראל"),
                mention(t1, "a3", "PER", "אמיר ירון"),
                mention(t1, "a4", "GPE", "בקזחסטן"),
                mention(t1, "a5", "GPE", "ובאוזבקיסטן"),
                mention(t1, "a6", "TIME", "בשנת 2023"),
                mention(t1, "a7", "ORG", "בנק ישראל", 1),
                mention(t1, "a8", "GPE", "ישראל", 1),
            ],
            [
                mention(t1, "b1", "GPE", "ישראל"),
                mention(t1, "b2", "PER", "אמיר ירון"),
                mention(t1, "b3", "GPE", "קזחסטן"),
                mention(t1, "b4", "LOC", "אוזבקיסטן"),
                mention(t1, "b5", "TIME", "2023"),
                mention(t1, "b6", "ORG", "בנק ישראל", 1),
                mention(t1, "b7", "GPE", "ישראל", 1),
                mention(t1, "b8", "PER", "משלחת"),
            ],
        ],
    }],
))

# 2. Hebrew prefix boundary disagreement.
t2 = "הנשיא ביקר בקזחסטן אתמול ונפגש עם שר החוץ של קזחסטן ועם ראש הממשלה."
cases.append(token_case(
    "prefix_he",
    "A tags בקזחסטן (with the prefix), B tags קזחסטן inside it: the same token label; "
    "one missing PER, one type disagreement",
    [{
        "docId": "he2",
        "text": t2,
        "sets": [
            [
                mention(t2, "a1", "GPE", "בקזחסטן"),
                mention(t2, "a2", "PER", "שר החוץ של קזחסטן"),
                mention(t2, "a3", "GPE", "קזחסטן", 1),
                mention(t2, "a4", "PER", "ראש הממשלה"),
            ],
            [
                mention(t2, "b1", "GPE", "קזחסטן"),
                mention(t2, "b2", "PER", "שר החוץ"),
                mention(t2, "b3", "GPE", "קזחסטן", 1),
                mention(t2, "b4", "ORG", "הממשלה"),
            ],
        ],
    }],
))

# 3. One empty set.
cases.append(token_case(
    "empty_one",
    "A annotated nothing, B annotated two mentions: kappa 0",
    [{"docId": "he2", "text": t2, "sets": [[], [mention(t2, "b1", "GPE", "קזחסטן"), mention(t2, "b2", "PER", "ראש הממשלה")]]}],
))

# 4. Both sets empty: every token O.
cases.append(token_case(
    "empty_both",
    "neither annotator tagged anything: every coefficient is 0/0 (null)",
    [{"docId": "he2", "text": t2, "sets": [[], []]}],
))

# 5. Three annotators, Arabic, complete data.
t5 = "أعلنت الرئاسة في كازاخستان أن الرئيس قاسم توكاييف سيزور موسكو ويلتقي وزير الخارجية الروسي"
cases.append(token_case(
    "three_ar",
    "three annotators, Arabic, nested and boundary disagreements, complete data",
    [{
        "docId": "ar1",
        "text": t5,
        "sets": [
            [
                mention(t5, "a1", "ORG", "الرئاسة في كازاخستان"),
                mention(t5, "a2", "GPE", "كازاخستان"),
                mention(t5, "a3", "PER", "قاسم توكاييف"),
                mention(t5, "a4", "GPE", "موسكو"),
                mention(t5, "a5", "PER", "وزير الخارجية الروسي"),
            ],
            [
                mention(t5, "b1", "ORG", "الرئاسة"),
                mention(t5, "b2", "GPE", "كازاخستان"),
                mention(t5, "b3", "PER", "الرئيس قاسم توكاييف"),
                mention(t5, "b4", "GPE", "موسكو"),
                mention(t5, "b5", "PER", "وزير الخارجية"),
            ],
            [
                mention(t5, "c1", "GPE", "كازاخستان"),
                mention(t5, "c2", "PER", "قاسم توكاييف"),
                mention(t5, "c3", "LOC", "موسكو"),
                mention(t5, "c4", "ORG", "وزير الخارجية الروسي"),
            ],
        ],
    }],
))

# 6. Three annotators, two documents, missing values.
cases.append(token_case(
    "missing_three",
    "three annotators over two documents; annotator 2 did not annotate the second document "
    "(alpha uses its missing values, Fleiss' kappa only the first document's tokens)",
    [
        cases[-1]["docs"][0] | {"docId": "ar1"},
        {
            "docId": "he2",
            "text": t2,
            "sets": [
                [mention(t2, "a1", "GPE", "בקזחסטן"), mention(t2, "a4", "PER", "ראש הממשלה")],
                [mention(t2, "b1", "GPE", "קזחסטן"), mention(t2, "b4", "ORG", "הממשלה")],
                None,
            ],
        },
    ],
))
# keep only the input fields of the copied document
cases[-1]["docs"][0] = {k: cases[-1]["docs"][0][k] for k in ("docId", "text", "sets", "tokens", "labels")}

# 7. Two annotators, two documents, B did not annotate the second (Cohen's kappa on doc 1 only).
cases.append(token_case(
    "corpus_two_missing",
    "two annotators over two documents, B did not annotate the second; corpus = concatenated tokens",
    [
        {"docId": "he1", "text": t1, "sets": cases[0]["docs"][0]["sets"]},
        {"docId": "he2", "text": t2, "sets": [cases[1]["docs"][0]["sets"][0], None]},
    ],
))

# 8. Two annotators, two documents, complete: the corpus is not the mean of the documents.
cases.append(token_case(
    "corpus_two",
    "two annotators over two documents (nested_he and prefix_he): corpus figures over all tokens",
    [
        {"docId": "he1", "text": t1, "sets": cases[0]["docs"][0]["sets"]},
        {"docId": "he2", "text": t2, "sets": cases[1]["docs"][0]["sets"]},
    ],
))

# 9. Krippendorff (2011) "Computing Krippendorff's alpha-reliability", the nominal example
#    with missing values: 4 observers, 12 units, alpha = 0.743.
K = [
    ["1", "2", "3", "3", "2", "1", "4", "1", "2", None, None, None],
    ["1", "2", "3", "3", "2", "2", "4", "1", "2", "5", None, "3"],
    [None, "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", None],
    ["1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", None],
]
cases.append(matrix_case(
    "krippendorff_2011",
    "Krippendorff 2011, section C (nominal, missing values): alpha = 0.743",
    [[K[c][u] for c in range(4)] for u in range(12)],
))

# 10. Fleiss (1971) as on Wikipedia: 10 items, 14 raters, 5 categories, kappa = 0.210.
F = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
]
cases.append(matrix_case(
    "fleiss_wikipedia",
    "Fleiss' kappa worked example (Wikipedia): 10 items, 14 raters, kappa = 0.210",
    [["ABCDE"[c] for c in range(5) for _ in range(row[c])] for row in F],
))

# 11. Random two-rater labels with missing values (seeded).
rng = random.Random(6)
labels = ["O", "O", "O", "PER", "ORG", "GPE"]
rows = []
for _ in range(200):
    a = rng.choice(labels)
    b = a if rng.random() < 0.7 else rng.choice(labels)
    if rng.random() < 0.1:
        a = None
    if rng.random() < 0.1:
        b = None
    rows.append([a, b])
cases.append(matrix_case("random_two_missing", "200 random items, 2 raters, ~10% missing each (seed 6)", rows))

# 12. Random five-rater labels, complete.
rows = []
for _ in range(120):
    truth = rng.choice(labels)
    rows.append([truth if rng.random() < 0.6 else rng.choice(labels) for _ in range(5)])
cases.append(matrix_case("random_five", "120 random items, 5 raters, complete (seed 6, continued)", rows))

# 13. One category only, two raters.
cases.append(matrix_case("single_category", "every rating is O", [["O", "O"]] * 5))

json.dump(
    {
        "generator": "annotations/agreement/reference/compute_expected.py; scikit-learn %s, NLTK %s, statsmodels %s, Python %s"
        % (sklearn.__version__, nltk.__version__, statsmodels.__version__, sys.version.split()[0]),
        "cases": cases,
    },
    sys.stdout,
    ensure_ascii=False,
    indent=1,
)
sys.stdout.write("\n")
