#!/usr/bin/env python3
"""Regenerate test/data/retail_baskets.csv and test/data/france_baskets.csv
and print mlxtend's figures for them.

Not run by CI.  sql/itemsets.sql checks aov_itemsets and aov_itemset_rules
against the numbers this prints (mlxtend's apriori + association_rules on the
same baskets).

Usage:
    python3 test/itemsets_mlxtend.py SOURCE [--country C] [--write]
    python3 test/itemsets_mlxtend.py --france [SOURCE] [--write]

SOURCE is the UCI Online Retail data (CC BY 4.0): 'Online Retail.xlsx' or a
CSV with its columns (InvoiceNo, StockCode, Description, Quantity, ...).
The extract committed here was made from the first 7,506 lines of the data
(1-5 December 2010, every country), the part found offline first.

Preprocessing, the tutorial's (pbpython, "Introduction to Market Basket
Analysis in Python"): descriptions stripped, credit invoices (InvoiceNo with
a 'C') dropped, quantity summed per invoice and description, an item in the
basket when that sum is > 0 (the tutorial encodes >= 1 as 1), POSTAGE
dropped.  One difference, said so: an invoice left with no item is not
written (the tutorial keeps it as an all-zero row, which counts in N); the
mlxtend run below reads the extract back, so both sides see the same
baskets.

--france: the tutorial itself, on its France invoices.  SOURCE (the whole
data, or any CSV of its France rows) gives test/data/france_baskets.csv: the
France rows' invoice, description and quantity, as in the source (the
preprocessing is left to the reader, here and in sql/itemsets.sql).  The
tutorial's steps are then followed to the letter, so its 5 invoices that
held only POSTAGE stay as all-zero rows and N is 392; it prints the itemsets
and rules at min_support 0.07 and every rule's figures.

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
FRANCE = os.path.join(HERE, 'data', 'france_baskets.csv')

# (min_support, max_size) pairs that sql/itemsets.sql checks
RUNS = [(0.04, 3), (0.04, 10), (0.05, 3)]
# the run whose rules of three products are printed
SHOW = (0.05, 3)
# the tutorial's named rule, printed when the baskets hold it
NAMED = (('SET/6 RED SPOTTY PAPER CUPS', 'SET/20 RED RETROSPOT PAPER NAPKINS'),
         ('SET/6 RED SPOTTY PAPER PLATES',))


def extract(source, country):
    df = read_source(source)
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


def read_source(source):
    if source.endswith('.xlsx'):
        return pd.read_excel(source, dtype={'InvoiceNo': str})
    return pd.read_csv(source, dtype={'InvoiceNo': str})


def france(source, write):
    if source:
        df = read_source(source)
        rows = df[df['Country'] == 'France'][['InvoiceNo', 'Description', 'Quantity']]
        rows = rows.rename(columns={'InvoiceNo': 'invoice', 'Description': 'description',
                                    'Quantity': 'quantity'})
        if write:
            rows.to_csv(FRANCE, index=False)
    else:
        rows = pd.read_csv(FRANCE, dtype={'invoice': str}, keep_default_na=False, na_values=[])

    from mlxtend.frequent_patterns import apriori, association_rules
    warnings.simplefilter('ignore')
    # the tutorial's steps, on the columns it uses
    df = rows.copy()
    df['description'] = df['description'].str.strip()
    df = df.dropna(subset=['invoice'])
    df = df[~df['invoice'].str.contains('C')]
    basket = (df.groupby(['invoice', 'description'])['quantity']
              .sum().unstack().reset_index().fillna(0).set_index('invoice'))
    sets = (basket >= 1).drop(columns=['POSTAGE'])
    n = len(sets)
    print(f'France: rows {len(rows)}, invoices {rows["invoice"].nunique()}, baskets {n} '
          f'({int((~sets.any(axis=1)).sum())} with no item but POSTAGE), items {sets.shape[1]}')
    f = apriori(sets, min_support=0.07, use_colnames=True)
    r = association_rules(f, num_itemsets=n, metric='lift', min_threshold=1)
    sizes = f['itemsets'].map(len).value_counts().sort_index().to_dict()
    print(f'min_support 0.07: {len(f)} itemsets {sizes}, {len(r)} rules with lift >= 1')
    hit = r[(r['antecedents'] == frozenset(NAMED[0])) & (r['consequents'] == frozenset(NAMED[1]))]
    for _, x in hit.iterrows():
        print(f'  named rule: support {x["support"]:.6f} confidence {x["confidence"]:.6f} '
              f'lift {x["lift"]:.6f}')
    # every rule, as rows of a SQL VALUES list (items sorted bytewise, as the
    # extension orders text keys)
    def arr(items):
        return "'{" + ','.join('"%s"' % i.replace("'", "''") for i in sorted(items, key=str.encode)) + "}'"
    for _, x in r.sort_values(['lift', 'confidence'], ascending=False).iterrows():
        print(f'  ({arr(x["antecedents"])}, {arr(x["consequents"])}, {x["support"]:.4f}, '
              f'{x["confidence"]:.3f}, {x["lift"]:.3f}),')
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('source', nargs='?')
    ap.add_argument('--country')
    ap.add_argument('--france', action='store_true',
                    help='the tutorial on its France invoices (' + FRANCE + ')')
    ap.add_argument('--write', action='store_true', help='overwrite the extract')
    a = ap.parse_args()
    if a.france:
        return france(a.source, a.write)
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
