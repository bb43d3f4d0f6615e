#!/usr/bin/env python3
# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Benchmark the client segment recompute against a hand-written GROUP BY.

Builds N clients (party_party, salon_client) spread over 3 stores and about
--lines-per-client POS sale lines per client on posted sale_point_sale rows
(dates over 2 years) in a PostgreSQL database, then times in the same run:

  baseline   one hand-written SQL GROUP BY computing per client the R/F/M
             inputs (visit count, first and last visit, total spent),
             materialised into a temporary table;
  recompute  Party.salon_compute_segments() in a trytond transaction
             (the same inputs plus the scores, tier and lifecycle written
             back to party_party), committed.

and prints both, the ratio and the sizes.  No assertion: it is a
measurement, read bench/README.md.
"""
import argparse
from decimal import Decimal
import os
import statistics
import time

from common import (
    connect, create_database, database_state, say, setup_trytond)

MODULE = 'salon_crm'
DEFAULT_URI = 'postgresql://postgres@127.0.0.1:5432/'
STORES = [('Bench West Lake', 'BWL'), ('Bench Binjiang', 'BBJ'),
    ('Bench Xiaoshan', 'BXS')]
CLIENT_CODE = 'BENCH-'
# One client in PROSPECT_EVERY has no sale at all (a prospect).
PROSPECT_EVERY = 50
# One sale in UNPOSTED_EVERY is still open or cancelled (not a visit).
UNPOSTED_EVERY = 40
DAYS = 730  # sale dates spread over 2 years before TODAY
TODAY = '2025-06-30'


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--clients', type=int, default=100_000,
        help="number of clients (default: %(default)s)")
    parser.add_argument('--lines-per-client', type=int, default=10,
        help="POS sale lines per client with visits (default: %(default)s)")
    parser.add_argument('--repeat', type=int, default=2,
        help="timed runs of each side (default: %(default)s)")
    parser.add_argument('--reuse', action='store_true',
        help="reuse the database when it exists and has salon_crm "
        "activated (and its data when it has the same size)")
    parser.add_argument('--no-update', action='store_true',
        help="with --reuse, do not update salon_crm in the database first")
    parser.add_argument('--reload', action='store_true',
        help="with --reuse, load the data again even when it has the size")
    parser.add_argument('--database', default='bench_segment',
        help="database name (default: %(default)s)")
    parser.add_argument('--uri', default=os.environ.get(
            'BENCH_DATABASE_URI', DEFAULT_URI),
        help="PostgreSQL server URI (default: %(default)s)")
    args = parser.parse_args()
    if not args.uri.startswith('postgresql'):
        parser.error("the benchmark runs on PostgreSQL only")
    if args.clients < 1 or args.lines_per_client < 1 or args.repeat < 1:
        parser.error("--clients, --lines-per-client and --repeat must be > 0")
    return args


def create_fixtures(args):
    """Create (once) the company, 3 stores with a POS each and a service;
    return (company, [(store, pos)], product) ids."""
    from proteus import Model, config as pconfig
    pconfig.set_trytond(args.database)
    Company = Model.get('company.company')
    Store = Model.get('salon.store')
    POS = Model.get('sale.point')
    Template = Model.get('product.template')
    Uom = Model.get('product.uom')
    from trytond.modules.company.tests.tools import create_company
    from trytond.modules.salon_crm.tests.tools import create_pos, create_store
    if not Company.find([]):
        create_company()
    company, = Company.find([], limit=1)
    stores = []
    for name, code in STORES:
        found = Store.find([('code', '=', code)])
        if found:
            store, = found
        else:
            store = create_store(name, code, company=company)
        pos = POS.find([('salon_store', '=', store.id)], limit=1)
        if pos:
            pos, = pos
        else:
            pos = create_pos(store)
        stores.append((store.id, pos.id))
    templates = Template.find([('name', '=', 'Bench Cut')], limit=1)
    if templates:
        template, = templates
    else:
        unit, = Uom.find([('name', '=', 'Unit')])
        template = Template(name='Bench Cut', default_uom=unit,
            type='service', list_price=Decimal(100))
        template.save()
    product, = template.products
    return company.id, stores, product.id


def data_size(conn):
    clients = conn.execute("SELECT count(*) FROM party_party "
        "WHERE code LIKE %s", (CLIENT_CODE + '%',)).fetchone()[0]
    lines = conn.execute(
        "SELECT count(*) FROM sale_point_sale_line").fetchone()[0]
    sales = conn.execute(
        "SELECT count(*) FROM sale_point_sale").fetchone()[0]
    return clients, sales, lines


def load_data(args, company, stores, product):
    """Bulk-load the clients, sales and lines with INSERT ... SELECT.

    Client c (1..N) has 3 or 4 sales (even/odd c) and L lines split over
    them (2-4 per sale for L=10); every PROSPECT_EVERY-th client has none.
    Foreign-key triggers are skipped during the load (the rows are built
    consistent) and the tables are vacuumed and analysed afterwards."""
    n, lpc = args.clients, args.lines_per_client
    with connect(args.uri, args.database) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute("SET synchronous_commit = off")
        conn.execute("TRUNCATE sale_point_sale_line, sale_point_sale CASCADE")
        conn.execute("DELETE FROM party_party WHERE code LIKE %s",
            (CLIENT_CODE + '%',))
        conn.execute("CREATE TEMPORARY TABLE bench_store "
            "(idx integer, store integer, point integer)")
        for i, (store, point) in enumerate(stores):
            conn.execute("INSERT INTO bench_store VALUES (%s, %s, %s)",
                (i, store, point))
        # Clients: ids after the current maximum, client c = base + c
        base = conn.execute(
            "SELECT coalesce(max(id), 0) FROM party_party").fetchone()[0]
        conn.execute("""
            INSERT INTO party_party (id, active, code, code_alnum,
                code_digit, name, create_uid, create_date, salon_client,
                salon_home_store, salon_marketing_consent, salon_source,
                salon_gender, salon_visit_count, salon_lifecycle)
            SELECT %(base)s + c, true, %(prefix)s || c, %(prefix)s || c,
                c, 'Bench Client ' || c, 0, now(), true, s.store, c %% 3 = 0,
                'walk-in', CASE WHEN c %% 5 = 0 THEN 'male' ELSE 'female' END,
                0, 'prospect'
            FROM generate_series(1, %(n)s) AS c
            JOIN bench_store AS s ON s.idx = c %% 3
            """, {'base': base, 'n': n, 'prefix': CLIENT_CODE})
        conn.execute("SELECT setval(pg_get_serial_sequence("
            "'party_party', 'id'), %s)", (base + n,))
        # Sales: id = 4 * c + j (j < 3 or 4), dates spread over 2 years
        conn.execute("""
            INSERT INTO sale_point_sale (id, company, point, date, state,
                number, salon_client, create_uid, create_date)
            SELECT 4 * c + j, %(company)s, s.point,
                %(today)s::date
                - ((c::bigint * 7919 + j * 104729) %% %(days)s)::integer,
                CASE WHEN (4 * c + j) %% %(unposted)s = 0
                    THEN (CASE WHEN c %% 2 = 0
                        THEN 'open' ELSE 'cancelled' END)
                    ELSE 'posted' END,
                'B' || (4 * c + j), %(base)s + c, 0, now()
            FROM generate_series(1, %(n)s) AS c
            JOIN bench_store AS s ON s.idx = c %% 3
            CROSS JOIN LATERAL generate_series(0, 2 + c %% 2) AS j
            WHERE c %% %(prospect)s <> 0
            """, {'base': base, 'n': n, 'company': company, 'today': TODAY,
                'days': DAYS, 'unposted': UNPOSTED_EVERY,
                'prospect': PROSPECT_EVERY})
        conn.execute("SELECT setval(pg_get_serial_sequence("
            "'sale_point_sale', 'id'), %s)", (4 * n + 4,))
        # Lines: sale j of client c with S sales gets
        # floor(L (j + 1) / S) - floor(L j / S) lines
        conn.execute("""
            INSERT INTO sale_point_sale_line (id, sale, product, quantity,
                unit_list_price, unit_gross_price, create_uid, create_date)
            SELECT row_number() OVER (), 4 * c + j, %(product)s,
                1 + (k %% 2), p.price, p.price, 0, now()
            FROM generate_series(1, %(n)s) AS c
            CROSS JOIN LATERAL generate_series(0, 2 + c %% 2) AS j
            CROSS JOIN LATERAL generate_series(1,
                (%(l)s * (j + 1)) / (3 + c %% 2)
                - (%(l)s * j) / (3 + c %% 2)) AS k
            CROSS JOIN LATERAL (SELECT (50
                    + (c::bigint * 31 + j * 17 + k * 7) %% 451)::numeric
                AS price) AS p
            WHERE c %% %(prospect)s <> 0
            """, {'n': n, 'l': lpc, 'product': product,
                'prospect': PROSPECT_EVERY})
        conn.execute("SELECT setval(pg_get_serial_sequence("
            "'sale_point_sale_line', 'id'), "
            "(SELECT coalesce(max(id), 0) + 1 FROM sale_point_sale_line))")
        conn.commit()
    with connect(args.uri, args.database, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE party_party")
        conn.execute("VACUUM ANALYZE sale_point_sale")
        conn.execute("VACUUM ANALYZE sale_point_sale_line")
        conn.execute("CHECKPOINT")


# The R/F/M inputs as one would write them by hand: a visit is a posted POS
# sale (its amount the sum of its lines) or a confirmed sale order.
BASELINE = """
    CREATE TEMPORARY TABLE bench_baseline AS
    SELECT v.client, count(*) AS visit_count, min(v.date) AS first_visit,
        max(v.date) AS last_visit, sum(v.amount) AS total
    FROM (
        SELECT s.salon_client AS client, s.date AS date,
            sum(l.quantity * l.unit_gross_price) AS amount
        FROM sale_point_sale AS s
        JOIN sale_point_sale_line AS l ON l.sale = s.id
        WHERE s.state = 'posted' AND s.salon_client IS NOT NULL
        GROUP BY s.id, s.salon_client, s.date
        UNION ALL
        SELECT o.party, o.sale_date, coalesce(o.total_amount_cache, 0)
        FROM sale_sale AS o
        WHERE o.state IN ('processing', 'done') AND o.sale_date IS NOT NULL
        %s
        ) AS v
    GROUP BY v.client
    """
# The history imported from the legacy software (when the schema has it)
LEGACY = """
        UNION ALL
        SELECT p.id, p.salon_legacy_last_visit,
            coalesce(p.salon_legacy_spent, 0)
        FROM party_party AS p
        WHERE p.salon_legacy_last_visit IS NOT NULL
    """


def baseline_query(conn):
    legacy = conn.execute("SELECT count(*) FROM information_schema.columns "
        "WHERE table_name = 'party_party' AND column_name IN "
        "('salon_legacy_last_visit', 'salon_legacy_spent')").fetchone()[0]
    return BASELINE % (LEGACY if legacy == 2 else '')


def run_baseline(args):
    with connect(args.uri, args.database) as conn:
        query = baseline_query(conn)
        start = time.perf_counter()
        conn.execute(query)
        rows = conn.execute(
            "SELECT count(*) FROM bench_baseline").fetchone()[0]
        elapsed = time.perf_counter() - start
        conn.rollback()
    return elapsed, rows


def run_recompute(args, company):
    import datetime as dt

    from trytond.pool import Pool
    from trytond.transaction import Transaction
    today = dt.date.fromisoformat(TODAY)
    with Transaction().start(args.database, 0, context={
                'company': company}) as transaction:
        Party = Pool().get('party.party')
        start = time.perf_counter()
        Party.salon_compute_segments(today=today)
        computed = time.perf_counter() - start
        transaction.commit()
        elapsed = time.perf_counter() - start
        cursor = transaction.connection.cursor()
        cursor.execute("SELECT salon_lifecycle, count(*) FROM party_party "
            "WHERE code LIKE %s GROUP BY 1 ORDER BY 1",
            (CLIENT_CODE + '%',))
        lifecycles = dict(cursor)
    return elapsed, computed, lifecycles


def check_same(args):
    "The recompute stored the baseline's inputs (a sanity check, no timing)"
    with connect(args.uri, args.database) as conn:
        conn.execute(baseline_query(conn))
        diff = conn.execute("""
            SELECT count(*) FROM party_party AS p
            JOIN bench_baseline AS b ON b.client = p.id
            WHERE p.salon_visit_count IS DISTINCT FROM b.visit_count
                OR p.salon_first_visit IS DISTINCT FROM b.first_visit
                OR p.salon_last_visit IS DISTINCT FROM b.last_visit
                OR p.salon_total_spent IS DISTINCT FROM b.total
            """).fetchone()[0]
        conn.rollback()
    return diff


def fmt(values):
    return ', '.join('%.2f s' % v for v in values)


def main():
    args = parse_args()
    setup_trytond(args)
    say("segment bench: %s clients, %s lines per client, database %s"
        % (f'{args.clients:,}', args.lines_per_client, args.database))

    state = database_state(args, MODULE) if args.reuse else None
    if state and args.no_update:
        say("reusing database %s as it is" % args.database)
    elif state:
        say("reusing database %s, updating salon_crm..." % args.database)
        start = time.perf_counter()
        create_database(args, MODULE, update=True)
        say("  updated in %.1f s" % (time.perf_counter() - start))
    else:
        say("creating database %s and activating salon_crm "
            "(minutes on PostgreSQL)..." % args.database)
        start = time.perf_counter()
        create_database(args, MODULE)
        say("  activated in %.1f s" % (time.perf_counter() - start))

    # proteus' set_trytond runs Pool(database).init()
    company, stores, product = create_fixtures(args)

    with connect(args.uri, args.database) as conn:
        clients, sales, lines = data_size(conn)
    expected_clients = args.clients
    visiting = args.clients - args.clients // PROSPECT_EVERY
    expected_lines = visiting * args.lines_per_client
    if (args.reuse and not args.reload
            and (clients, lines) == (expected_clients, expected_lines)):
        say("reusing the loaded data")
    else:
        say("loading data...")
        start = time.perf_counter()
        load_data(args, company, stores, product)
        say("  loaded in %.1f s (including VACUUM ANALYZE)"
            % (time.perf_counter() - start))
        with connect(args.uri, args.database) as conn:
            clients, sales, lines = data_size(conn)
    say("data: %s clients, %s POS sales, %s sale lines"
        % (f'{clients:,}', f'{sales:,}', f'{lines:,}'))

    baseline, recompute, computed = [], [], []
    for i in range(args.repeat):
        elapsed, rows = run_baseline(args)
        baseline.append(elapsed)
        say("  run %d baseline  %.2f s (%s clients with visits)"
            % (i + 1, elapsed, f'{rows:,}'))
        elapsed, compute, lifecycles = run_recompute(args, company)
        recompute.append(elapsed)
        computed.append(compute)
        say("  run %d recompute %.2f s (%.2f s + commit) %s"
            % (i + 1, elapsed, compute, lifecycles))
    diff = check_same(args)
    if diff:
        say("WARNING: %d clients differ from the baseline" % diff)

    best_b, best_r = min(baseline), min(recompute)
    med_b, med_r = statistics.median(baseline), statistics.median(recompute)
    say("")
    say("clients:   %s   sale lines: %s" % (f'{clients:,}', f'{lines:,}'))
    say("baseline:  %s  (best %.2f s, median %.2f s)"
        % (fmt(baseline), best_b, med_b))
    say("recompute: %s  (best %.2f s, median %.2f s)"
        % (fmt(recompute), best_r, med_r))
    say("RATIO segment recompute / hand-written GROUP BY: %.2fx (best), "
        "%.2fx (median)  [goal <= 2x; <= 60 s at 1M clients]"
        % (best_r / best_b, med_r / med_b))


if __name__ == '__main__':
    main()
