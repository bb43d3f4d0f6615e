# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Two trytond processes on one PostgreSQL database, 40 threads spending
the same stored-value card at the POS over JSON-RPC, then 40 threads
redeeming the points of the same client: the card and the points are never
overdrawn, the refused ones get a clear error and the balances are their
ledgers.  Then 20 threads pay and post 20 sales of 2 POS with the same
coupon of one use: one sale is posted with it, the others are refused and
stay open.  Then 10 sales taking a session of one package of 3 are
processed at once: 3 are done, the others refused.
Fails when CI=true and PostgreSQL is missing, skips otherwise."""
import os
import tempfile
import threading
import unittest
from decimal import Decimal

from consistency import check
from rpc_tools import (
    JSONRPC, Servers, _connect, create_database, drop_database,
    require_postgresql, run_script)

DB = os.environ.get('CARD_CONCURRENCY_DB', 'test_card_concurrency')
THREADS = 40
SPEND = 100
BALANCE = 1200  # 1,000 paid + 200 bonus
POINTS = 1200  # given to the client
REDEEM = 100  # points of each redemption, worth 1.00 at 0.01 a point
COUPON_SALES = 20  # sales with the coupon of one use
COUPON = 'ONCE20'  # 20% off the service, used once by anyone
SESSIONS = 3  # sessions of the client's package
PACKAGE_SALES = 10  # sales taking a session of it at once

SCRIPT = r"""
import json, sys
from decimal import Decimal
from proteus import Model, config as pconfig
from trytond.modules.company.tests.tools import create_company
from trytond.modules.salon_crm.tests.tools import (
    create_store, create_client, create_pos, create_service,
    setup_salon_accounting)
from trytond.modules.salon_membership.tests.card_tools import (
    setup_card_accounting, create_top_up, create_card_method)
config = pconfig.set_trytond(sys.argv[1], config_file=sys.argv[2])
create_company()
salon = setup_salon_accounting()
card_accounts = setup_card_accounting(salon['accounts'])
method = create_card_method(card_accounts)
Rule = Model.get('salon.card.bonus.rule')
Rule(threshold=Decimal('1000'), bonus=Decimal('200')).save()
store = create_store("Concurrency", 'CC')
pos = create_pos(store)
pos2 = create_pos(store, "Second POS")
client = create_client("Client", store=store)
top_up = create_top_up("Top-up 1,000", '1000', salon['category'])
service = create_service("Care", '%s', salon['category'])
Card = Model.get('salon.card')
card = Card(client=client)
card.save()
Sale = Model.get('sale.point.sale')
sale = Sale(point=pos)
line = sale.lines.new()
line.product = top_up
line.quantity = 1
line.salon_card = card
sale.save()
pay = sale.click('pay')
pay.form.method = salon['cash']
pay.execute('pay')
sale.click('post')
card.reload()
assert card.balance == Decimal('1200'), card.balance
points_method = Model.get('sale.point.payment.method')(name="Points")
points_method.account = salon['accounts']['expense']
points_method.salon_points = True
points_method.save()
Points = Model.get('salon.points.line')
Points(client=client, points=%d, type='adjust',
    description="Opening").save()
client.reload()
assert client.salon_points == %d, client.salon_points
Promotion = Model.get('sale.promotion')
promotion = Promotion(name="20%% off care", formula='unit_price * 0.8')
promotion.products.append(Model.get('product.product')(service.id))
coupon = promotion.coupons.new(number_of_use=1, per_party=False)
coupon.numbers.new(number=%r)
promotion.save()
Account = Model.get('account.account')
deferred = Account(name="Deferred Revenue - Packages", code='2.9')
deferred.type = salon['accounts']['tax'].type
deferred.save()
account_config = Model.get('account.configuration')(1)
account_config.salon_package_deferred_account = deferred
account_config.save()
facial = create_service("Facial", '150', salon['category'],
    salon_service=True, salon_duration=60, salon_buffer=0)
course = create_service("%d Facials", '%d', salon['category'],
    salon_package=True, salon_package_validity=12)
course_line = course.template.salon_package_services.new()
course_line.service = facial
course_line.sessions = %d
course.template.save()
package_client = create_client("Package Client", store=store)
sale = Sale(point=pos)
sale.salon_client = package_client
line = sale.lines.new()
line.product = course
line.quantity = 1
sale.save()
pay = sale.click('pay')
pay.form.method = salon['cash']
pay.execute('pay')
sale.click('post')
package, = Model.get('salon.package.card').find(
    [('product', '=', course.id)])
assert package.remaining_sessions == %d, package.remaining_sessions
print(json.dumps({'card': card.id, 'pos': pos.id, 'method': method.id,
    'service': service.id, 'client': client.id,
    'points_method': points_method.id, 'cash': salon['cash'].id,
    'pos2': pos2.id, 'facial': facial.id, 'package': package.id,
    'package_client': package_client.id}))
""" % (SPEND, POINTS, POINTS, COUPON, SESSIONS, SESSIONS * 100, SESSIONS,
    SESSIONS)


class CardConcurrencyTestCase(unittest.TestCase):

    def setUp(self):
        require_postgresql(self)
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.servers = Servers(DB, 2, tmp.name)
        self.addCleanup(drop_database, DB)
        self.addCleanup(self.servers.stop)
        create_database(
            DB, 'salon_membership', self.servers.config_files[0])

    def _sales(self, data, client=None, count=THREADS, points=('pos',),
            line=None, **values):
        """count open sales of line (by default the service at SPEND), each
        with its session, at the points in turn"""
        if line is None:
            line = {
                'product': data['service'],
                'unit_list_price': Decimal(SPEND),
                'unit_gross_price': Decimal(SPEND),
                }
        sales = []
        for i in range(count):
            rpc = JSONRPC(self.servers.ports[i % 2], DB).login()
            sale = rpc.model('sale.point.sale', 'create', [dict(values, **{
                        'point': data[points[i // 2 % len(points)]],
                        'salon_client': client,
                        'lines': [['create', [dict(line, quantity=1)]]],
                        })])['result'][0]
            sales.append((rpc, sale))
        return sales

    def _race(self, sales, payment=None, methods=()):
        """Create at once a payment of each sale (unless None), then call
        the sale's methods in turn until one fails; return the successes
        and the errors"""
        barrier = threading.Barrier(len(sales))
        results = [None] * len(sales)

        def pay(i):
            rpc, sale = sales[i]
            barrier.wait()
            if payment is not None:
                results[i] = rpc.model('sale.point.payment', 'create', [
                        dict(payment, sale=sale)])
            for method in methods:
                if results[i] and 'error' in results[i]:
                    break
                results[i] = rpc.model('sale.point.sale', method, [sale])

        threads = [threading.Thread(target=pay, args=(i,))
            for i in range(len(sales))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)
        successes = [r for r in results if r and 'result' in r]
        errors = [r['error'] for r in results if r and 'error' in r]
        self.assertEqual(len(successes) + len(errors), len(sales), results)
        return successes, errors

    def test_spend_same_card(self):
        "On 2 processes, spend one card, redeem points, use a coupon"
        data = run_script(SCRIPT, DB, self.servers.config_files[0])
        self.servers.start()

        successes, errors = self._race(self._sales(data), {
                'method': data['method'], 'amount': Decimal(SPEND),
                'salon_card': data['card']})
        self.assertEqual(len(successes), BALANCE // SPEND, errors)
        for error in errors:
            self.assertEqual(error[0], 'UserError', error)
            self.assertIn('can not be spent', error[1][0], error)

        rpc = JSONRPC(self.servers.ports[0], DB).login()
        card, = rpc.model('salon.card', 'read', [data['card']],
            ['balance'])['result']
        balance = card['balance']
        lines = rpc.model('salon.card.line', 'search_read',
            [('card', '=', data['card'])], 0, None, None,
            ['amount'])['result']
        ledger = sum(line['amount'] for line in lines)
        self.assertEqual(balance, ledger)
        self.assertEqual(balance, BALANCE - SPEND * len(successes))
        self.assertGreaterEqual(balance, 0)

        # the points of one client, redeemed on 40 sales at once
        successes, errors = self._race(
            self._sales(data, data['client']), {
                'method': data['points_method'],
                'amount': Decimal(REDEEM) / 100})
        self.assertEqual(len(successes), POINTS // REDEEM, errors)
        for error in errors:
            self.assertEqual(error[0], 'UserError', error)
            self.assertIn('can not be redeemed', error[1][0], error)
        client, = rpc.model('party.party', 'read', [data['client']],
            ['salon_points'])['result']
        lines = rpc.model('salon.points.line', 'search_read',
            [('client', '=', data['client'])], 0, None, None,
            ['points'])['result']
        self.assertEqual(client['salon_points'],
            sum(line['points'] for line in lines))
        self.assertEqual(client['salon_points'],
            POINTS - REDEEM * len(successes))
        self.assertGreaterEqual(client['salon_points'], 0)

        self._race_coupon(data)
        self._race_package(data)

    def _race_coupon(self, data):
        "20 sales with the coupon of one use are paid and posted at once"
        # Walk-in sales of 2 POS: no client's ledger and no POS sequence
        # lock all of them, only the coupon's
        sales = self._sales(data, None, COUPON_SALES, ('pos', 'pos2'),
            salon_coupon_number=COUPON)
        rpc = sales[0][0]
        ids = [s for _, s in sales]
        # Typed and applied to each open sale as the cashier does
        for sale_rpc, sale in sales:
            self.assertNotIn('error', sale_rpc.model(
                    'sale.point.sale', 'salon_apply_promotions', [sale]))
        discounted = Decimal(SPEND) * Decimal('0.8')
        for sale in rpc.model('sale.point.sale', 'read', ids,
                ['total', 'salon_coupons'])['result']:
            self.assertEqual(sale['total'], discounted)
            self.assertEqual(len(sale['salon_coupons']), 1)

        successes, errors = self._race(sales, {
                'method': data['cash'], 'amount': discounted},
            ('process', 'post'))
        self.assertEqual(len(successes), 1, errors)
        for error in errors:
            self.assertEqual(error[0], 'UserError', error)
            self.assertEqual(error[1][0], 'The coupon "%s" has been used '
                '1 time(s), its limit.' % COUPON, error)

        # One posted with the coupon, the others open: none half-processed
        sales = rpc.model('sale.point.sale', 'read', ids,
            ['state', 'number', 'move', 'total', 'salon_coupons',
                'salon_promotions'])['result']
        posted = [s for s in sales if s['state'] == 'posted']
        self.assertEqual(len(posted), 1, sales)
        sale, = posted
        self.assertTrue(sale['number'] and sale['move'], sale)
        self.assertEqual(sale['total'], discounted)
        self.assertEqual(len(sale['salon_coupons']), 1)
        self.assertEqual(len(sale['salon_promotions']), 1)
        for other in sales:
            if other is not sale:
                self.assertEqual(other['state'], 'open', other)
                self.assertIsNone(other['number'], other)
                self.assertIsNone(other['move'], other)
        move, = rpc.model('account.move', 'read', [sale['move']],
            ['state'])['result']
        self.assertEqual(move['state'], 'posted')
        # The coupon is used up for anyone now
        numbers = rpc.model('sale.promotion.coupon.number', 'search',
            [('number', '=', COUPON)], 0, None, None)['result']
        self.assertEqual(numbers, [])

    def _race_package(self, data):
        """10 sales of 2 POS, each taking a session of the same package of
        3, are processed at once: 3 are done, the others refused"""
        sales = self._sales(data, data['package_client'], PACKAGE_SALES,
            ('pos', 'pos2'), line={
                'product': data['facial'],
                'unit_list_price': Decimal(0),
                'unit_gross_price': Decimal(0),
                'salon_package_card': data['package'],
                })
        _, errors = self._race(sales, methods=['process'])
        self.assertEqual(len(errors), PACKAGE_SALES - SESSIONS, errors)
        for error in errors:
            self.assertEqual(error[0], 'UserError', error)
            self.assertIn('session(s) of "Facial" left', error[1][0], error)

        rpc = sales[0][0]
        ids = [s for _, s in sales]
        states = rpc.model('sale.point.sale', 'read', ids,
            ['state'])['result']
        done = [s['id'] for s in states if s['state'] == 'done']
        self.assertEqual(len(done), SESSIONS, states)

        def remaining():
            package, = rpc.model('salon.package.card', 'read',
                [data['package']], ['remaining_sessions'])['result']
            lines = rpc.model('salon.package.card.line', 'search_read',
                [('card', '=', data['package'])], 0, None, None,
                ['sessions'])['result']
            self.assertEqual(package['remaining_sessions'],
                sum(l['sessions'] for l in lines))
            return package['remaining_sessions']
        # taken when done, before any post
        self.assertEqual(remaining(), 0)

        # a done sale opened again gives its session back to another one
        self.assertNotIn('error', rpc.model(
                'sale.point.sale', 'open', [done[0]]))
        self.assertEqual(remaining(), 1)
        refused = [s for s in ids if s not in done]
        self.assertNotIn('error', rpc.model(
                'sale.point.sale', 'process', [refused[0]]))
        self.assertEqual(remaining(), 0)
        for sale in done[1:] + refused[:1]:
            self.assertNotIn('error', rpc.model(
                    'sale.point.sale', 'post', [sale]))
        self.assertEqual(remaining(), 0)
        with _connect(DB) as connection, connection.cursor() as cursor:
            self.assertEqual(check(cursor), [])


if __name__ == '__main__':
    unittest.main()
