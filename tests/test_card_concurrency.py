# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Two trytond processes on one PostgreSQL database, 40 threads spending
the same stored-value card at the POS over JSON-RPC: the card is never
overdrawn, the refused spends get a clear error and the balance is the
ledger.  Fails when CI=true and PostgreSQL is missing, skips otherwise."""
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
print(json.dumps({'card': card.id, 'pos': pos.id, 'method': method.id,
    'service': service.id}))
""" % SPEND


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

    def test_spend_same_card(self):
        "40 threads on 2 processes spend one card: never overdrawn"
        data = run_script(SCRIPT, DB, self.servers.config_files[0])
        self.servers.start()
        clients = []
        for i in range(THREADS):
            rpc = JSONRPC(self.servers.ports[i % 2], DB).login()
            sale = rpc.model('sale.point.sale', 'create', [{
                        'point': data['pos'],
                        'lines': [['create', [{
                                        'product': data['service'],
                                        'quantity': 1,
                                        'unit_list_price': Decimal(SPEND),
                                        'unit_gross_price': Decimal(SPEND),
                                        }]]],
                        }])['result'][0]
            clients.append((rpc, sale))
        barrier = threading.Barrier(THREADS)
        results = [None] * THREADS

        def spend(i):
            rpc, sale = clients[i]
            barrier.wait()
            results[i] = rpc.model('sale.point.payment', 'create', [{
                        'sale': sale, 'method': data['method'],
                        'amount': Decimal(SPEND),
                        'salon_card': data['card'],
                        }])

        threads = [threading.Thread(target=spend, args=(i,))
            for i in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)
        successes = [r for r in results if r and 'result' in r]
        errors = [r['error'] for r in results if r and 'error' in r]
        self.assertEqual(len(successes) + len(errors), THREADS, results)
        self.assertEqual(len(successes), BALANCE // SPEND, results)
        for error in errors:
            self.assertEqual(error[0], 'UserError', error)
            self.assertIn('can not be spent', error[1][0], error)

        rpc, _ = clients[0]
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


if __name__ == '__main__':
    unittest.main()
