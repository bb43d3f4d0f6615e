# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Two trytond processes on one PostgreSQL database, 40 threads spending
the same stored-value card at the POS over JSON-RPC: the card is never
overdrawn, the refused spends get a clear error and the balance is the
ledger.  Fails when CI=true and PostgreSQL is missing, skips otherwise."""
import base64
import datetime as dt
from decimal import Decimal
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

URI = os.environ.get(
    'TRYTOND_DATABASE_URI', 'postgresql://postgres@127.0.0.1:5432/')
if not URI.startswith('postgresql'):
    URI = 'postgresql://postgres@127.0.0.1:5432/'
DB = os.environ.get('CARD_CONCURRENCY_DB', 'test_card_concurrency')
PASSWORD = 'admin-concurrency'
THREADS = 40
SPEND = 100
BALANCE = 1200  # 1,000 paid + 200 bonus
BIN = Path(sys.executable).parent
CI = os.environ.get('CI', '').lower() in {'1', 'true', 'yes'}


def postgresql_available():
    try:
        import psycopg
        url = urlparse(URI)
        connection = psycopg.connect(
            host=url.hostname or '127.0.0.1', port=url.port or 5432,
            user=url.username or 'postgres', password=url.password,
            dbname='postgres', connect_timeout=3)
    except Exception:
        return False
    connection.close()
    return True


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def encode(value):
    if isinstance(value, Decimal):
        return {'__class__': 'Decimal', 'decimal': str(value)}
    if isinstance(value, dt.datetime):
        return {'__class__': 'datetime', 'year': value.year,
            'month': value.month, 'day': value.day, 'hour': value.hour,
            'minute': value.minute, 'second': value.second,
            'microsecond': value.microsecond}
    raise TypeError(value)


class JSONRPC:

    def __init__(self, port):
        self.url = 'http://127.0.0.1:%s/%s/rpc/' % (port, DB)
        self.authorization = None

    def __call__(self, method, *params):
        data = json.dumps({'id': 1, 'method': method, 'params': params},
            default=encode).encode()
        request = urllib.request.Request(self.url, data=data, headers={
                'Content-Type': 'application/json'})
        if self.authorization:
            request.add_header('Authorization', self.authorization)
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())

    def login(self):
        result = self('common.db.login', 'admin', {'password': PASSWORD},
            'en')['result']
        user_id, session = result[0], result[1]
        token = base64.b64encode(
            ('admin:%s:%s' % (user_id, session)).encode()).decode()
        self.authorization = 'Session ' + token


def prepare(config_file):
    "Create the database with salon_membership and a card holding 1,200"
    import psycopg
    url = urlparse(URI)
    connection = psycopg.connect(
        host=url.hostname or '127.0.0.1', port=url.port or 5432,
        user=url.username or 'postgres', password=url.password,
        dbname='postgres', autocommit=True)
    with connection.cursor() as cursor:
        cursor.execute('DROP DATABASE IF EXISTS "%s"' % DB)
        cursor.execute('CREATE DATABASE "%s"' % DB)
    connection.close()
    env = dict(os.environ, TRYTONPASSFILE='',
        TRYTOND_DATABASE__URI=URI)
    with tempfile.NamedTemporaryFile('w', delete=False) as pw:
        pw.write(PASSWORD)
    env['TRYTONPASSFILE'] = pw.name
    subprocess.run([str(BIN / 'trytond-admin'), '-c', config_file,
            '-d', DB, '--all', '-u', 'salon_membership',
            '--activate-dependencies', '--email', 'admin@example.com'],
        env=env, check=True, capture_output=True)
    script = r"""
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
line = sale.lines.new(product=top_up, quantity=1)
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
    result = subprocess.run([sys.executable, '-c', script, DB, config_file],
        env=env, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


class CardConcurrencyTestCase(unittest.TestCase):

    def setUp(self):
        if not postgresql_available():
            if CI:
                self.fail("PostgreSQL is required in CI (%s)" % URI)
            self.skipTest("PostgreSQL is not available")
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.ports = [free_port(), free_port()]
        self.config_files = []
        for port in self.ports:
            path = os.path.join(self.tmp.name, 'trytond-%s.conf' % port)
            with open(path, 'w') as file:
                file.write('[database]\nuri = %s\nretry = 100\n' % URI)
                file.write('[web]\nlisten = 127.0.0.1:%s\n' % port)
                file.write('[session]\nmax_attempt = 100\n')
            self.config_files.append(path)

    def start_servers(self):
        self.servers = []
        for config_file in self.config_files:
            log = open(config_file + '.log', 'w')
            server = subprocess.Popen(
                [str(BIN / 'trytond'), '-c', config_file, '-d', DB],
                stdout=log, stderr=subprocess.STDOUT,
                env=dict(os.environ, TRYTOND_DATABASE__URI=URI))
            self.servers.append(server)
            self.addCleanup(self.stop, server, log)
        for port in self.ports:
            for _ in range(120):
                try:
                    with socket.create_connection(('127.0.0.1', port), 1):
                        break
                except OSError:
                    time.sleep(0.5)
            else:
                self.fail("trytond did not listen on %s" % port)

    @staticmethod
    def stop(server, log):
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()

    def test_spend_same_card(self):
        "40 threads on 2 processes spend one card: never overdrawn"
        data = prepare(self.config_files[0])
        self.start_servers()
        clients = []
        for i in range(THREADS):
            rpc = JSONRPC(self.ports[i % 2])
            rpc.login()
            context = rpc('model.res.user.get_preferences', True, {})[
                'result']
            sale = rpc('model.sale.point.sale.create', [{
                        'point': data['pos'],
                        'lines': [['create', [{
                                        'product': data['service'],
                                        'quantity': 1,
                                        'unit_list_price': Decimal(SPEND),
                                        'unit_gross_price': Decimal(SPEND),
                                        }]]],
                        }], context)['result'][0]
            clients.append((rpc, context, sale))
        barrier = threading.Barrier(THREADS)
        results = [None] * THREADS

        def spend(i):
            rpc, context, sale = clients[i]
            barrier.wait()
            results[i] = rpc('model.sale.point.payment.create', [{
                        'sale': sale, 'method': data['method'],
                        'amount': Decimal(SPEND),
                        'salon_card': data['card'],
                        }], context)

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

        rpc, context, _ = clients[0]
        card, = rpc('model.salon.card.read', [data['card']],
            ['balance'], context)['result']
        balance = Decimal(card['balance']['decimal'])
        lines = rpc('model.salon.card.line.search_read',
            [('card', '=', data['card'])], 0, None, None, ['amount'],
            context)['result']
        ledger = sum(Decimal(l['amount']['decimal']) for l in lines)
        self.assertEqual(balance, ledger)
        self.assertEqual(balance, BALANCE - SPEND * len(successes))
        self.assertGreaterEqual(balance, 0)


if __name__ == '__main__':
    unittest.main()
