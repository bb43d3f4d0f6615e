# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Two trytond processes on one PostgreSQL database, 50 threads booking the
same slot over JSON-RPC: exactly one succeeds, the others get a clear
error.  Fails when CI=true and PostgreSQL is missing, skips otherwise."""
import datetime as dt
import os
import tempfile
import threading
import unittest

from rpc_tools import (
    JSONRPC, Servers, create_database, drop_database, require_postgresql,
    run_script)

DB = os.environ.get('BOOKING_CONCURRENCY_DB', 'test_booking_concurrency')
THREADS = 50

SCRIPT = r'''
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


class BookingConcurrencyTestCase(unittest.TestCase):

    def setUp(self):
        require_postgresql(self)
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.servers = Servers(DB, 2, tmp.name)
        self.addCleanup(drop_database, DB)
        self.addCleanup(self.servers.stop)
        create_database(DB, 'salon_booking', self.servers.config_files[0])

    def test_same_slot(self):
        "50 threads on 2 processes book the same slot: one success"
        data = run_script(SCRIPT, DB, self.servers.config_files[0])
        self.servers.start()
        start = dt.datetime.fromisoformat(data['start'])
        clients = []
        for i in range(THREADS):
            clients.append(
                JSONRPC(self.servers.ports[i % 2], DB).login())
        barrier = threading.Barrier(THREADS)
        results = [None] * THREADS

        def book(i):
            barrier.wait()
            results[i] = clients[i].model('salon.appointment', 'book',
                data['client'], data['store'], [data['service']], start,
                data['employee'])

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
