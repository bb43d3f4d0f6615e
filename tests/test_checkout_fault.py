# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Fault test: the server is killed (SIGKILL) while cashiers check out
visits paid with cash and a stored-value card, again and again; after
each restart the database holds no half-posted sale, card line or entry
(tests/consistency.py proves it), and the sales left unfinished can be
finished.  PostgreSQL only: fails when CI=true and it is missing, skips
otherwise."""
import os
import random
import tempfile
import threading
import time
import unittest
import urllib.error
from decimal import Decimal

from consistency import check
from rpc_tools import (
    JSONRPC, Servers, _connect, create_database, drop_database,
    require_postgresql, run_script)

DB = os.environ.get('CHECKOUT_FAULT_DB', 'test_checkout_fault')
KILLS = int(os.environ.get('CHECKOUT_FAULT_KILLS', 8))
CASHIERS = 3

SETUP = r'''
import json, sys
from decimal import Decimal
from proteus import Model, config as pconfig
from trytond.modules.company.tests.tools import create_company
from trytond.modules.salon_crm.tests.tools import (
    create_store, create_client, create_pos, create_service,
    setup_salon_accounting)
from trytond.modules.salon_membership.tests.card_tools import (
    setup_card_accounting, create_card_method, create_top_up)
config = pconfig.set_trytond(sys.argv[1], config_file=sys.argv[2])
create_company()
User = Model.get('res.user')
Group = Model.get('res.group')
admin, = User.find([('login', '=', 'admin')])
admin.groups.extend(Group.find([('name', 'in', [
    'Salon HQ', 'Salon Store Manager', 'Salon Receptionist / Cashier',
    'POS', 'POS Posting'])]))
admin.save()
salon = setup_salon_accounting()
card_accounts = setup_card_accounting(salon['accounts'])
store = create_store("Fault", 'FT')
admin.salon_stores.append(store)
admin.save()
pos = create_pos(store)
haircut = create_service("Haircut", '300', salon['category'])
card_method = create_card_method(card_accounts)
client = create_client("Li Na", store=store)
Card = Model.get('salon.card')
CardLine = Model.get('salon.card.line')
card = Card(client=client)
card.save()
# the client tops the card up with 1,000,000 paid in cash
top_up = create_top_up("Top-up", '1000000', salon['category'])
Sale = Model.get('sale.point.sale')
sale = Sale(point=pos)
sale.salon_client = client
line = sale.lines.new()
line.product = top_up
line.quantity = 1
line.salon_card = card
sale.save()
pay = sale.click('pay')
pay.form.method = salon['cash']
pay.execute('pay')
sale.reload()
sale.click('post')
print(json.dumps({'pos': pos.id, 'service': haircut.id,
    'client': client.id, 'card': card.id, 'cash': salon['cash'].id,
    'card_method': card_method.id}))
'''


class CheckoutFaultTestCase(unittest.TestCase):

    def setUp(self):
        require_postgresql(self)
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.servers = Servers(DB, 1, tmp.name)
        self.addCleanup(drop_database, DB)
        self.addCleanup(self.servers.stop)
        create_database(
            DB, 'salon_membership', self.servers.config_files[0])
        self.data = run_script(SETUP, DB, self.servers.config_files[0])

    def checkout(self, rpc):
        """One visit of 300: 100 cash and 200 from the card, processed
        and posted, each step its own request as in the client"""
        data = self.data
        sale_id, = rpc.model('sale.point.sale', 'create', [{
                    'point': data['pos'],
                    'salon_client': data['client'],
                    'lines': [('create', [{
                                    'product': data['service'],
                                    'quantity': 1,
                                    'unit_list_price': Decimal('300'),
                                    'unit_gross_price': Decimal('300'),
                                    }])],
                    }])['result']
        rpc.model('sale.point.payment', 'create', [{
                    'sale': sale_id, 'method': data['card_method'],
                    'salon_card': data['card'],
                    'amount': Decimal('200.00')}, {
                    'sale': sale_id, 'method': data['cash'],
                    'amount': Decimal('100.00')}])
        rpc.model('sale.point.sale', 'process', [sale_id])
        rpc.model('sale.point.sale', 'post', [sale_id])

    def cashier(self, stop):
        while not stop.is_set():
            try:
                rpc = JSONRPC(self.servers.ports[0], DB).login()
                while not stop.is_set():
                    self.checkout(rpc)
            except (OSError, urllib.error.URLError, KeyError, TypeError):
                # the server died under us: wait for it to come back
                time.sleep(0.2)

    def finish_open_sales(self):
        """Process and post what the kills left behind, as the staff
        would the next morning"""
        rpc = JSONRPC(self.servers.ports[0], DB).login()
        sales = rpc.model('sale.point.sale', 'search_read',
            [('state', 'in', ['open', 'done'])], 0, None, None,
            ['state', 'amount_to_pay'])['result']
        for sale in sales:
            if sale['state'] == 'open' and sale['amount_to_pay']:
                rpc.model('sale.point.sale', 'delete', [sale['id']])
                continue
            if sale['state'] == 'open':
                rpc.model('sale.point.sale', 'process', [sale['id']])
            answer = rpc.model('sale.point.sale', 'post', [sale['id']])
            self.assertIn('result', answer, answer)

    def assert_consistent(self):
        connection = _connect(DB)
        try:
            with connection.cursor() as cursor:
                self.assertEqual(check(cursor), [])
                cursor.execute(
                    "SELECT COUNT(*) FROM sale_point_sale "
                    "WHERE state = 'posted'")
                return cursor.fetchone()[0]
        finally:
            connection.close()

    def test_kill_during_checkout(self):
        "SIGKILL during checkouts leaves nothing half-posted"
        random.seed(int(os.environ.get('CHECKOUT_FAULT_SEED', 7)))
        posted = []
        self.servers.start()
        for _ in range(KILLS):
            stop = threading.Event()
            threads = [threading.Thread(target=self.cashier, args=(stop,))
                for _ in range(CASHIERS)]
            for thread in threads:
                thread.start()
            time.sleep(random.uniform(2, 5))
            self.servers.kill(0)
            stop.set()
            for thread in threads:
                thread.join(60)
            self.assert_consistent()
            self.servers.start(0)
            self.finish_open_sales()
            posted.append(self.assert_consistent())
        # the kills did not stop the work: visits were posted between them
        visits = posted[-1] - 1  # the top-up sale
        self.assertGreaterEqual(visits, KILLS // 2)
        rpc = JSONRPC(self.servers.ports[0], DB).login()
        card, = rpc.model('salon.card', 'read', [self.data['card']],
            ['balance'])['result']
        self.assertEqual(card['balance'], Decimal('1000000') - 200 * visits)


if __name__ == '__main__':
    unittest.main()
