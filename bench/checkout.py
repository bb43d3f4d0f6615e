#!/usr/bin/env python3
# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Benchmark a POS checkout with the membership features (issue 4, P5).

In a PostgreSQL database with salon_membership activated and --clients
clients, times in the same run, alternating, each checkout in the
transactions the POS client makes (one save of the sale with its lines,
one run of the Pay wizard per payment, the last one processing the sale,
then Post), each committed and retried with the locks it asks for as the
RPC dispatcher does:

  baseline  a bare sale_point checkout: 3 lines (2 services and the
            packaged service at its price), one cash payment, post;
  salon     the same lines for a client of a 10% tier, the packaged service
            taking a session of the client's package (price 0), paid with
            stored value, points and cash for the rest, post.

and prints the p50 and p95 of both and RATIO salon p50 / baseline p50
(targets: ratio <= 1.3, p95 <= 250 ms with 100k clients).
"""
import argparse
import datetime as dt
import os
import statistics
import time
from decimal import Decimal

from common import (
    connect, create_database, database_state, say, setup_trytond)

MODULE = 'salon_membership'
DEFAULT_URI = 'postgresql://postgres@127.0.0.1:5432/'
CLIENT_CODE = 'BENCH-C'
MEMBER_CODE = 'BENCH-MEMBER'
SERVICES = [('Bench Cut', 100), ('Bench Color', 250), ('Bench Facial', 150)]
CARD_PAY = Decimal(200)
POINTS_PAY = Decimal(50)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--clients', type=int, default=100_000,
        help="number of clients in the database (default: %(default)s)")
    parser.add_argument('--checkouts', type=int, default=60,
        help="timed checkouts of each kind (default: %(default)s)")
    parser.add_argument('--warmup', type=int, default=3,
        help="untimed checkouts of each kind first (default: %(default)s)")
    parser.add_argument('--reuse', action='store_true',
        help="reuse the database when it exists and has salon_membership "
        "activated (and its fixtures and clients)")
    parser.add_argument('--no-update', action='store_true',
        help="with --reuse, do not update salon_membership first")
    parser.add_argument('--steps', action='store_true',
        help="also print each step's p50 and p95 (all attempts), p50 of "
        "its last attempt and lock retries")
    parser.add_argument('--database', default='bench_checkout',
        help="database name (default: %(default)s)")
    parser.add_argument('--uri', default=os.environ.get(
            'BENCH_DATABASE_URI', DEFAULT_URI),
        help="PostgreSQL server URI (default: %(default)s)")
    args = parser.parse_args()
    if not args.uri.startswith('postgresql'):
        parser.error("the benchmark runs on PostgreSQL only")
    if args.clients < 1 or args.checkouts < 2 or args.warmup < 0:
        parser.error("--clients must be > 0 and --checkouts > 1")
    return args


def transact(db, func, context=None):
    """Run func in a transaction committed, retried with the locks it asks
    for as the RPC dispatcher does; return (result, retries, ms of the
    last attempt)"""
    from trytond.transaction import Transaction, TransactionError
    extras, retries = {}, 0
    while True:
        start = time.perf_counter()
        with Transaction().start(
                db, 0, context=context, **extras) as transaction:
            try:
                result = func()
            except TransactionError as e:
                transaction.rollback()
                transaction.tasks.clear()
                e.fix(extras)
                retries += 1
                continue
            transaction.commit()
        return result, retries, (time.perf_counter() - start) * 1000


def create_fixtures():
    """Create the company, accounting, POS, methods, services, tier and the
    member with a topped-up card, points and a package; return the ids"""
    from trytond.modules.company.tests import create_company, set_company
    from trytond.modules.salon_membership.tests.card_setup import (
        sell, setup_card_company)
    from trytond.pool import Pool
    pool = Pool()
    Account = pool.get('account.account')
    AccountConfig = pool.get('account.configuration')
    Method = pool.get('sale.point.payment.method')
    Party = pool.get('party.party')
    Package = pool.get('salon.package.card')
    PointsLine = pool.get('salon.points.line')
    Store = pool.get('salon.store')
    Card = pool.get('salon.card')
    Template = pool.get('product.template')
    Tier = pool.get('salon.membership.tier')
    company = create_company()
    with set_company(company):
        s = setup_card_company(company)
        accounts = s['accounts']
        deferred, = Account.create([{
                    'name': "Deferred Revenue - Packages",
                    'company': company.id,
                    'type': accounts['liability'].type.id}])
        config = AccountConfig(1)
        config.salon_package_deferred_account = deferred
        config.save()
        points, = Method.create([{
                    'name': "Points", 'account': accounts['expense'].id,
                    'salon_points': True, 'salon_non_money': True,
                    'company': company.id}])
        category = s['service'].template.account_category
        unit = s['service'].template.default_uom
        templates = Template.create([{
                    'name': name, 'type': 'service', 'salable': True,
                    'default_uom': unit.id, 'sale_uom': unit.id,
                    'account_category': category.id,
                    'salon_service': True, 'salon_duration': 30,
                    'salon_buffer': 0, 'list_price': Decimal(price),
                    'gross_price': Decimal(price),
                    'products': [('create', [{}])],
                    } for name, price in SERVICES])
        services = [t.products[0] for t in templates]
        package, = Template.create([{
                    'name': "Bench Course", 'type': 'service',
                    'salable': True, 'default_uom': unit.id,
                    'sale_uom': unit.id, 'account_category': category.id,
                    'salon_package': True, 'salon_package_validity': 12,
                    'products': [('create', [{}])],
                    'salon_package_services': [('create', [{
                                    'service': services[-1].id,
                                    'sessions': 100_000}])],
                    }])
        tier, = Tier.create([{
                    'name': "Bench Gold", 'threshold': Decimal(1000),
                    'discount': Decimal('0.1')}])
        store, = Store.create([{
                    'name': "Bench", 'code': 'BENCH',
                    'company': company.id}])
        client, = Party.create([{
                    'name': "Bench Member", 'code': MEMBER_CODE,
                    'salon_client': True, 'salon_home_store': store.id}])
        Party.write([client], {'salon_tier': tier.id})
        today = s['today']
        PointsLine.create([{
                    'client': client.id, 'company': company.id,
                    'date': today, 'points': 100_000_000,
                    'type': 'adjust', 'description': "Bench"}])
        card, = Card.create([{'client': client.id, 'company': company.id}])
        amount = 10_000_000
        sell(s, s['top_up'], amount, [(s['cash'], Decimal(amount), None)],
            card=card)
        Package.create([{
                    'number': 'BENCH-PK', 'company': company.id,
                    'client': client.id, 'product': package.products[0].id,
                    'start': today, 'expiry': today + dt.timedelta(days=365),
                    'price': Decimal(15_000_000), 'state': 'valid',
                    'lines': [('create', [{
                                    'date': today, 'type': 'purchase',
                                    'service': services[-1].id,
                                    'sessions': 100_000,
                                    'amount': Decimal(15_000_000)}])],
                    }])
    return company.id, store.id


def load_fixtures():
    "Return the dictionary of the fixture ids (company context)"
    from trytond.pool import Pool
    pool = Pool()
    Method = pool.get('sale.point.payment.method')
    Party = pool.get('party.party')
    POS = pool.get('sale.point')
    Product = pool.get('product.product')
    client, = Party.search([('code', '=', MEMBER_CODE)])
    return {
        'pos': POS.search([('name', '=', 'POS')], limit=1)[0].id,
        'cash': Method.search([('name', '=', 'Cash')], limit=1)[0].id,
        'card_method': Method.search([('salon_card', '=', True)])[0].id,
        'points': Method.search([('salon_points', '=', True)])[0].id,
        'services': [Product.search([('name', '=', n)])[0].id
            for n, _ in SERVICES],
        'client': client.id,
        'card': pool.get('salon.card').search(
            [('client', '=', client.id)])[0].id,
        'package': pool.get('salon.package.card').search(
            [('number', '=', 'BENCH-PK')])[0].id,
        }


def count_clients(args):
    with connect(args.uri, args.database) as conn:
        return conn.execute("SELECT count(*) FROM party_party "
            "WHERE salon_client").fetchone()[0]


def load_clients(args, store, n):
    "Insert n more clients in one INSERT ... SELECT"
    with connect(args.uri, args.database) as conn:
        conn.execute("SET synchronous_commit = off")
        base = conn.execute(
            "SELECT coalesce(max(id), 0) FROM party_party").fetchone()[0]
        conn.execute("""
            INSERT INTO party_party (id, active, code, code_alnum,
                code_digit, name, create_uid, create_date, salon_client,
                salon_home_store, salon_marketing_consent, salon_source,
                salon_gender, salon_visit_count, salon_lifecycle)
            SELECT %(base)s + c, true, %(prefix)s || (%(base)s + c),
                %(prefix)s || (%(base)s + c), %(base)s + c,
                'Bench Client ' || c, 0, now(), true, %(store)s,
                c %% 3 = 0, 'walk-in',
                CASE WHEN c %% 5 = 0 THEN 'male' ELSE 'female' END,
                0, 'prospect'
            FROM generate_series(1, %(n)s) AS c
            """, {'base': base, 'n': n, 'prefix': CLIENT_CODE,
                'store': store})
        conn.execute("SELECT setval(pg_get_serial_sequence("
            "'party_party', 'id'), %s)", (base + n,))
        conn.commit()
    with connect(args.uri, args.database, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE party_party")


def checkout_steps(f, salon):
    """Return the steps of a checkout as the POS client sends them, each
    its own transaction: ring up the 3 lines (one save of the sale), pay
    each payment (one run of the Pay wizard each, the last one processes
    the sale), post; the first step returns the sale id the others take"""
    from trytond.pool import Pool

    def ring_up():
        pool = Pool()
        Sale = pool.get('sale.point.sale')
        Line = pool.get('sale.point.sale.line')
        Product = pool.get('product.product')
        Package = pool.get('salon.package.card')
        sale, = Sale.create([{
                    'point': f['pos'],
                    'salon_client': f['client'] if salon else None}])
        lines = []
        for product in f['services']:
            line = Line(sale=sale, product=Product(product), quantity=1.0)
            line.on_change_product()
            lines.append(line)
        if salon:
            lines[-1].salon_package_card = Package(f['package'])
            lines[-1].on_change_salon_package_card()
        Line.save(lines)
        return sale.id

    def pay(method, amount=None, **values):
        def step(sale_id):
            pool = Pool()
            Sale = pool.get('sale.point.sale')
            Payment = pool.get('sale.point.payment')
            sale = Sale(sale_id)
            Payment.create([dict(values, sale=sale.id, method=method,
                        amount=(sale.amount_to_pay if amount is None
                            else amount))])
            sale = Sale(sale_id)
            if not sale.amount_to_pay:
                Sale.process([sale])
            return sale_id
        return step

    def post(sale_id):
        Sale = Pool().get('sale.point.sale')
        Sale.post([Sale(sale_id)])
        return sale_id

    payments = []
    if salon:
        payments.append(('pay card', pay(f['card_method'], CARD_PAY,
                    salon_card=f['card'])))
        payments.append(('pay points', pay(f['points'], POINTS_PAY)))
    payments.append(('pay cash + process', pay(f['cash'])))
    return [('ring up', ring_up)] + payments + [('post', post)]


def balances(f):
    "Return (card balance, points, package sessions) of the member"
    from trytond.pool import Pool
    pool = Pool()
    card = pool.get('salon.card')(f['card'])
    client = pool.get('party.party')(f['client'])
    package = pool.get('salon.package.card')(f['package'])
    return card.balance, client.salon_points, package.remaining_sessions


def run(args, company, f, salon, check, steps=None):
    """Time one checkout, each step in its own committed transaction;
    return the ms of all its steps, the ms of their last attempts (without
    the lock retries) and the retries; append each step's (ms, last ms,
    retries) to steps[name] when steps is given"""
    context = {'company': company}
    db = args.database
    if check:
        before = transact(db, lambda: balances(f), context)[0]
    elapsed, last, retries = 0, 0, 0
    sale_id = None
    for name, step in checkout_steps(f, salon):
        start = time.perf_counter()
        sale_id, retried, ms = transact(
            db, (lambda s=step: s()) if sale_id is None
            else (lambda s=step, i=sale_id: s(i)), context)
        step_ms = (time.perf_counter() - start) * 1000
        elapsed += step_ms
        last += ms
        retries += retried
        if steps is not None:
            steps.setdefault(name, []).append((step_ms, ms, retried))
    if check:
        transact(db, lambda: verify(f, sale_id, salon, before), context)
    return elapsed, last, retries


def verify(f, sale_id, salon, before):
    "Assert the checkout did what it says"
    from trytond.pool import Pool
    sale = Pool().get('sale.point.sale')(sale_id)
    assert sale.state == 'posted', sale.state
    assert sale.move and sale.move.state == 'posted', sale.move
    amounts = [l.unit_gross_price for l in sale.lines]
    prices = [Decimal(p) for _, p in SERVICES]
    card, points, sessions = balances(f)
    if salon:
        assert amounts == [prices[0] * Decimal('0.9'),
            prices[1] * Decimal('0.9'), 0], amounts
        assert card == before[0] - CARD_PAY, (before, card)
        # The cash paid earns points back (1 per unit by default)
        assert points < before[1], (before, points)
        assert sessions == before[2] - 1, (before, sessions)
        assert sale.lines[-1].salon_package_card
    else:
        assert amounts == prices, amounts
        assert (card, points, sessions) == before, (before, card)
        assert not sale.salon_client


def quantile(values, q):
    return statistics.quantiles(values, n=100, method='inclusive')[q - 1]


def main():
    args = parse_args()
    setup_trytond(args)
    say("checkout bench: %s clients, %d checkouts, database %s"
        % (f'{args.clients:,}', args.checkouts, args.database))

    state = database_state(args, MODULE) if args.reuse else None
    if state and args.no_update:
        say("reusing database %s as it is" % args.database)
    elif state:
        say("reusing database %s, updating %s..." % (args.database, MODULE))
        start = time.perf_counter()
        create_database(args, MODULE, update=True)
        say("  updated in %.1f s" % (time.perf_counter() - start))
    else:
        say("creating database %s and activating %s "
            "(minutes on PostgreSQL)..." % (args.database, MODULE))
        start = time.perf_counter()
        create_database(args, MODULE)
        say("  activated in %.1f s" % (time.perf_counter() - start))

    from trytond.pool import Pool
    Pool(args.database).init()

    def fixtures():
        pool = Pool()
        members = pool.get('party.party').search(
            [('code', '=', MEMBER_CODE)])
        if members:
            company = pool.get('company.company').search([])[0].id
            return company, members[0].salon_home_store.id, True
        return create_fixtures() + (False,)
    say("creating the fixtures (unless they exist)...")
    company, store, reused = transact(args.database, fixtures)[0]
    say("  %s" % ("reused" if reused else "created"))
    clients = count_clients(args)
    if clients < args.clients:
        say("loading %s clients..." % f'{args.clients - clients:,}')
        start = time.perf_counter()
        load_clients(args, store, args.clients - clients)
        say("  loaded in %.1f s" % (time.perf_counter() - start))
        clients = count_clients(args)
    say("clients in the database: %s" % f'{clients:,}')

    f = transact(args.database, load_fixtures, {'company': company})[0]
    timings = {False: [], True: []}
    lasts = {False: [], True: []}
    retries = {False: 0, True: 0}
    steps = {False: {}, True: {}}
    for i in range(args.warmup + args.checkouts):
        for salon in (False, True):
            check = i <= args.warmup
            elapsed, last, retried = run(args, company, f, salon, check,
                steps[salon] if i >= args.warmup else None)
            if i >= args.warmup:
                timings[salon].append(elapsed)
                lasts[salon].append(last)
                retries[salon] += retried
    say("checked: state posted with a move, discount, card, points and "
        "package sessions (warm-up and first timed checkouts)")

    figures = {}
    for salon, name in [(False, 'baseline'), (True, 'salon')]:
        values = timings[salon]
        figures[name] = (statistics.median(values), quantile(values, 95))
        figures[name, 'last'] = (statistics.median(lasts[salon]),
            quantile(lasts[salon], 95))
        say("%-8s p50 %6.1f ms  p95 %6.1f ms  (min %.1f, max %.1f, n=%d, "
            "lock retries %d)" % ((name,) + figures[name] + (
                    min(values), max(values), len(values), retries[salon])))
        say("  last attempt only: p50 %6.1f ms  p95 %6.1f ms"
            % figures[name, 'last'])
        if args.steps:
            for step, values in steps[salon].items():
                say("  %-20s p50 %6.1f ms  p95 %6.1f ms  last attempt "
                    "p50 %6.1f ms  lock retries %d" % (step,
                        statistics.median(v[0] for v in values),
                        quantile([v[0] for v in values], 95),
                        statistics.median(v[1] for v in values),
                        sum(v[2] for v in values)))
    ratio = figures['salon'][0] / figures['baseline'][0]
    p95 = figures['salon'][1]
    say("without the lock retries (last attempt): ratio %.2f"
        % (figures['salon', 'last'][0] / figures['baseline', 'last'][0]))
    say("clients: %s" % f'{clients:,}')
    say("targets: ratio <= 1.3 %s, salon p95 <= 250 ms %s"
        % ('met' if ratio <= 1.3 else 'NOT met',
            'met' if p95 <= 250 else 'NOT met'))
    say("(the machine is shared: absolute times are noisy, the ratio of "
        "the same run is what counts)")
    say("RATIO %.2f" % ratio)


if __name__ == '__main__':
    main()
