#!/usr/bin/env python3
"""Regenerate test/data/retail_baskets.csv and print mlxtend's figures for it.

Not run by CI.  sql/itemsets.sql checks aov_itemsets and aov_itemset_rules
against the numbers this prints (mlxtend's apriori + association_rules on the
same baskets).

Usage:
    python3 test/itemsets_mlxtend.py SOURCE [--country C] [--write]

SOURCE is the UCI Online Retail data (CC BY 4.0): 'Online Retail.xlsx' or a
CSV with its columns (InvoiceNo, StockCode, Description, Quantity, ...).
The extract committed here was made from the first 7,506 lines of the data
(1-5 December 2010, every country), the part found offline; with the whole
file, --country France gives the market-basket tutorial's baskets.

Preprocessing, the tutorial's (pbpython, "Introduction to Market Basket
Analysis in Python"): descriptions stripped, credit invoices (InvoiceNo with
a 'C') dropped, quantity summed per invoice and description, an item in the
basket when that sum is > 0 (the tutorial encodes >= 1 as 1), POSTAGE
dropped.  One difference, said so: an invoice left with no item is not
written (the tutorial keeps it as an all-zero row, which counts in N); the
mlxtend run below reads the extract back, so both sides see the same
baskets.

Needs pandas (Debian python3-pandas, python3-openpyxl for xlsx) and mlxtend
(pip, or PYTHONPATH=<a checkout of rasbt/mlxtend>).
"""
import argparse
import os
import sys
import warnings

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
EXTRACT = os.path.join(HERE, 'data', 'retail_baskets.csv')

# (min_support, max_size) pairs that sql/itemsets.sql checks
RUNS = [(0.04, 3), (0.04, 10), (0.05, 3)]
# the run whose rules of three products are printed
SHOW = (0.05, 3)
# the tutorial's named rule, printed when the baskets hold it
NAMED = (('SET/6 RED SPOTTY PAPER CUPS', 'SET/20 RED RETROSPOT PAPER NAPKINS'),
         ('SET/6 RED SPOTTY PAPER PLATES',))


def extract(source, country):
    if source.endswith('.xlsx'):
        df = pd.read_excel(source, dtype={'InvoiceNo': str})
    else:
        df = pd.read_csv(source, dtype={'InvoiceNo': str})
    df['Description'] = df['Description'].str.strip()
    df = df.dropna(subset=['InvoiceNo', 'Description'])
    df = df[~df['InvoiceNo'].str.contains('C')]
    if country:
        df = df[df['Country'] == country]
    q = df.groupby(['InvoiceNo', 'Description'])['Quantity'].sum()
    q = q[q > 0].reset_index()
    q = q[q['Description'] != 'POSTAGE']
    out = q[['InvoiceNo', 'Description']].rename(columns={'InvoiceNo': 'invoice', 'Description': 'item'})
    return out.sort_values(['invoice', 'item'])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('source', nargs='?')
    ap.add_argument('--country')
    ap.add_argument('--write', action='store_true', help='overwrite ' + EXTRACT)
    a = ap.parse_args()
    if a.source:
        lines = extract(a.source, a.country)
        if a.write:
            lines.to_csv(EXTRACT, index=False)
    else:
        lines = pd.read_csv(EXTRACT, dtype={'invoice': str})

    from mlxtend.frequent_patterns import apriori, association_rules
    warnings.simplefilter('ignore')
    baskets = pd.crosstab(lines['invoice'], lines['item']).astype(bool)
    n = len(baskets)
    print(f'baskets {n}, lines {len(lines)}, items {baskets.shape[1]}')
    for min_support, max_size in RUNS:
        f = apriori(baskets, min_support=min_support, use_colnames=True, max_len=max_size)
        r = association_rules(f, num_itemsets=n, metric='lift', min_threshold=1)
        sizes = f['itemsets'].map(len).value_counts().sort_index().to_dict()
        print(f'min_support {min_support} max_size {max_size}: {len(f)} itemsets {sizes}, '
              f'{len(r)} rules with lift >= 1')
        hit = r[(r['antecedents'] == frozenset(NAMED[0])) & (r['consequents'] == frozenset(NAMED[1]))]
        for _, x in hit.iterrows():
            print(f'  named rule: support {x["support"]:.6f} confidence {x["confidence"]:.6f} '
                  f'lift {x["lift"]:.6f} leverage {x["leverage"]:.6f} conviction {x["conviction"]:.6f}')
        if (min_support, max_size) == SHOW:
            three = r[r['antecedents'].map(len) + r['consequents'].map(len) == 3]
            for _, x in three.sort_values('lift', ascending=False).iterrows():
                print(f'  {sorted(x["antecedents"])} -> {sorted(x["consequents"])}: '
                      f'support {x["support"]:.4f} confidence {x["confidence"]:.3f} lift {x["lift"]:.3f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
