# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Two trytond processes on one PostgreSQL database, 40 threads spending
the same stored-value card at the POS over JSON-RPC, then 40 threads
redeeming the points of the same client: the card and the points are never
overdrawn, the refused ones get a clear error and the balances are their
ledgers.  Fails when CI=true and PostgreSQL is missing, skips otherwise."""
import os
import tempfile
import threading
import unittest
from decimal import Decimal

from rpc_tools import (
    JSONRPC, Servers, create_database, drop_database, require_postgresql,
    run_script)

DB = os.environ.get('CARD_CONCURRENCY_DB', 'test_card_concurrency')
THREADS = 40
SPEND = 100
BALANCE = 1200  # 1,000 paid + 200 bonus
POINTS = 1200  # given to the client
REDEEM = 100  # points of each redemption, worth 1.00 at 0.01 a point

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
print(json.dumps({'card': card.id, 'pos': pos.id, 'method': method.id,
    'service': service.id, 'client': client.id,
    'points_method': points_method.id}))
""" % (SPEND, POINTS, POINTS)


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

    def _sales(self, data, client=None):
        "One open sale of the service per thread, each with its session"
        sales = []
        for i in range(THREADS):
            rpc = JSONRPC(self.servers.ports[i % 2], DB).login()
            sale = rpc.model('sale.point.sale', 'create', [{
                        'point': data['pos'],
                        'salon_client': client,
                        'lines': [['create', [{
                                        'product': data['service'],
                                        'quantity': 1,
                                        'unit_list_price': Decimal(SPEND),
                                        'unit_gross_price': Decimal(SPEND),
                                        }]]],
                        }])['result'][0]
            sales.append((rpc, sale))
        return sales

    def _race(self, sales, payment):
        """Create at once a payment of each sale, return the successes and
        the errors"""
        barrier = threading.Barrier(THREADS)
        results = [None] * THREADS

        def pay(i):
            rpc, sale = sales[i]
            barrier.wait()
            results[i] = rpc.model('sale.point.payment', 'create', [
                    dict(payment, sale=sale)])

        threads = [threading.Thread(target=pay, args=(i,))
            for i in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)
        successes = [r for r in results if r and 'result' in r]
        errors = [r['error'] for r in results if r and 'error' in r]
        self.assertEqual(len(successes) + len(errors), THREADS, results)
        return successes, errors

    def test_spend_same_card(self):
        "40 threads on 2 processes spend one card, then redeem points"
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

if __name__ == '__main__':
    unittest.main()
