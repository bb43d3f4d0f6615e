# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Two trytond processes on one PostgreSQL database, 50 threads booking the
same slot over JSON-RPC: exactly one succeeds, the others get a clear
error.  Fails when CI=true and PostgreSQL is missing, skips otherwise."""
import base64
import datetime as dt
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
DB = os.environ.get('BOOKING_CONCURRENCY_DB', 'test_booking_concurrency')
PASSWORD = 'admin-concurrency'
THREADS = 50
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
    "Create the database with salon_booking and a bookable roster"
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
            '-d', DB, '--all', '-u', 'salon_booking',
            '--activate-dependencies', '--email', 'admin@example.com'],
        env=env, check=True, capture_output=True)
    script = r'''
import datetime as dt, json, sys
from zoneinfo import ZoneInfo
from proteus import Model, config as pconfig
from trytond.modules.company.tests.tools import create_company
from trytond.modules.salon_crm.tests.tools import (
    create_store, create_employee, create_client)
config = pconfig.set_trytond(sys.argv[1], config_file=sys.argv[2])
create_company()
Template = Model.get('product.template')
Uom = Model.get('product.uom')
Shift = Model.get('salon.shift')
Location = Model.get('stock.location')
if not Location.find([('code', '=', 'WH')]):
    raise SystemExit("no warehouse")
store = create_store("Concurrency", 'CC', 'Asia/Shanghai')
employee = create_employee(store, "Stylist")
unit, = Uom.find([('name', '=', 'Unit')])
template = Template(name="Cut", default_uom=unit, type='service')
template.salon_service = True
template.salon_duration = 60
template.save()
service, = template.products
client = create_client("Client", store=store)
day = dt.date.today() + dt.timedelta(days=7)
tz = ZoneInfo('Asia/Shanghai')
def at(hour):
    return dt.datetime.combine(day, dt.time(hour)).replace(
        tzinfo=tz).astimezone(dt.timezone.utc).replace(tzinfo=None)
Shift(employee=employee, store=store, start=at(9), end=at(18)).save()
print(json.dumps({'store': store.id, 'employee': employee.id,
    'service': service.id, 'client': client.id,
    'start': at(10).isoformat()}))
'''
    result = subprocess.run([sys.executable, '-c', script, DB, config_file],
        env=env, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


class BookingConcurrencyTestCase(unittest.TestCase):

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
                file.write('[database]\nuri = %s\n' % URI)
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

    def test_same_slot(self):
        "50 threads on 2 processes book the same slot: one success"
        data = prepare(self.config_files[0])
        self.start_servers()
        start = dt.datetime.fromisoformat(data['start'])
        clients = []
        for i in range(THREADS):
            rpc = JSONRPC(self.ports[i % 2])
            rpc.login()
            context = rpc('model.res.user.get_preferences', True, {})[
                'result']
            clients.append((rpc, context))
        barrier = threading.Barrier(THREADS)
        results = [None] * THREADS

        def book(i):
            rpc, context = clients[i]
            barrier.wait()
            results[i] = rpc('model.salon.appointment.book',
                data['client'], data['store'], [data['service']], start,
                data['employee'], context)

        threads = [threading.Thread(target=book, args=(i,))
            for i in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)
        successes = [r for r in results if r and 'result' in r]
        errors = [r['error'] for r in results if r and 'error' in r]
        self.assertEqual(len(successes), 1, results)
        self.assertEqual(len(errors), THREADS - 1)
        for error in errors:
            self.assertEqual(error[0], 'UserError', error)
            self.assertIn('already booked', error[1][0], error)


if __name__ == '__main__':
    unittest.main()
