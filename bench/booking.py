#!/usr/bin/env python3
# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Benchmark the booking RPC of salon_booking on PostgreSQL.

Starts two trytond processes on database bench_booking and talks JSON-RPC
with sessions, as a front desk does, then prints three figures, each
against a baseline measured in the same run:

  P1  book vs a bare party.party create (one client, sequential):
      p50/p95 of each and the ratio of the p50.
  P2  find_slots over 14 days for a store with 30 stylists, 10 chairs and
      20,000 appointments (bulk-loaded with INSERT ... SELECT) vs a naive
      search the bench does itself: one SQL query per candidate start and
      employee.  Median of find_slots and the speed-up.
  P3  64 threads over the 2 processes booking overlapping slots vs the same
      threads booking slots that do not conflict: successes, throughput of
      both, the ratio, and a query proving no resource is booked twice.

No assertion: it is a measurement, read bench/README.md.
"""
import argparse
import base64
import datetime as dt
from decimal import Decimal
import gzip
import json
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

from common import (
    ADMIN_PASSWORD, connect, create_database, database_state, say,
    setup_trytond, bin_path)

MODULE = 'salon_booking'
DEFAULT_URI = 'postgresql://postgres@127.0.0.1:5432/'
PASSWORD = ADMIN_PASSWORD
TZ = 'Asia/Shanghai'
UTC_OFFSET = 8  # Asia/Shanghai has no DST
OPEN, CLOSE = 9, 21  # local opening hours, every day
STEP = 15  # booking step of both stores (minutes)
DURATION, BUFFER = 45, 15  # the bench services
SLOT_STORE = ('Bench Booking Slots', 'BBS')
RPC_STORE = ('Bench Booking RPC', 'BBR')
SLOT_STYLISTS, SLOT_ROOMS = 30, 10
RPC_STYLISTS, RPC_ROOMS = 8, 8
APPOINTMENTS = 20_000
# the appointments of the slot store are spread over these local days
# (relative to today); the roster covers them too
DATA_FIRST, DATA_LAST = -56, 27
# days (relative to today) used by the RPC store
P1_DAY, P3_FREE_DAY, P3_OVERLAP_DAY, RPC_LAST_DAY = 60, 66, 100, 110
HOURS = CLOSE - OPEN  # one-hour slots per day (45 min + 15 min buffer)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--reuse', action='store_true',
        help="reuse the database when it has salon_booking activated "
        "(and its data when it is there)")
    parser.add_argument('--no-update', action='store_true',
        help="with --reuse, do not update salon_booking first")
    parser.add_argument('--reload', action='store_true',
        help="with --reuse, load the 20,000 appointments again")
    parser.add_argument('--database', default='bench_booking',
        help="database name (default: %(default)s)")
    parser.add_argument('--uri', default=os.environ.get(
            'BENCH_DATABASE_URI', DEFAULT_URI),
        help="PostgreSQL server URI (default: %(default)s)")
    parser.add_argument('-n', '--count', type=int, default=200,
        help="P1: timed calls of each side (default: %(default)s)")
    parser.add_argument('--calls', type=int, default=20,
        help="P2: timed find_slots calls (default: %(default)s)")
    parser.add_argument('--threads', type=int, default=64,
        help="P3: concurrent clients (default: %(default)s)")
    parser.add_argument('--keep-logs', metavar='DIR',
        help="copy the two servers' logs into DIR when they stop")
    parser.add_argument('--per-thread', type=int, default=5,
        help="P3: bookings tried by each client (default: %(default)s)")
    args = parser.parse_args()
    if not args.uri.startswith('postgresql'):
        parser.error("the benchmark runs on PostgreSQL only")
    needed = args.threads * args.per_thread
    if needed > (P3_OVERLAP_DAY - P3_FREE_DAY) * HOURS:
        parser.error("--threads x --per-thread is too large")
    if args.count + 10 > (P3_FREE_DAY - P1_DAY) * HOURS * RPC_STYLISTS:
        parser.error("--count is too large")
    return args


def create_fixtures(args):
    """Create (once) the company, the two stores with their chairs, opening
    hours and stylists, two services and a client; return their ids"""
    from proteus import Model, config as pconfig
    pconfig.set_trytond(args.database)
    from trytond.modules.company.tests.tools import create_company
    from trytond.modules.salon_crm.tests.tools import (
        create_client, create_employee, create_store)
    Company = Model.get('company.company')
    Store = Model.get('salon.store')
    Employee = Model.get('company.employee')
    Template = Model.get('product.template')
    Uom = Model.get('product.uom')
    Party = Model.get('party.party')
    if not Company.find([]):
        create_company()
    ids, stores = {}, {}
    for key, (name, code), stylists, rooms in [
            ('slot', SLOT_STORE, SLOT_STYLISTS, SLOT_ROOMS),
            ('rpc', RPC_STORE, RPC_STYLISTS, RPC_ROOMS)]:
        found = Store.find([('code', '=', code)])
        if found:
            store, = found
        else:
            store = create_store(name, code, TZ)
            store.booking_step = STEP
            for weekday in range(7):
                opening = store.opening_hours.new(weekday=str(weekday))
                opening.open_time = dt.time(OPEN)
                opening.close_time = dt.time(CLOSE)
            for i in range(rooms):
                store.rooms.new(name="%s Chair %02d" % (code, i + 1),
                    type='chair')
            store.save()
            for i in range(stylists):
                create_employee(store, "%s Stylist %02d" % (code, i + 1))
        ids[key] = store.id
        stores[key] = store
        ids[key + '_rooms'] = sorted(r.id for r in store.rooms)
        ids[key + '_employees'] = sorted(e.id for e in Employee.find(
                [('salon_store', '=', store.id)]))
    for key, name, room_type in [
            ('cut', 'Bench Cut', 'chair'), ('trim', 'Bench Trim', None)]:
        templates = Template.find([('name', '=', name)], limit=1)
        if templates:
            template, = templates
        else:
            unit, = Uom.find([('name', '=', 'Unit')])
            template = Template(name=name, default_uom=unit,
                type='service', list_price=Decimal(100))
            template.salon_service = True
            template.salon_duration = DURATION
            template.salon_buffer = BUFFER
            template.salon_room_type = room_type
            template.save()
        ids[key], = [p.id for p in template.products]
    clients = Party.find([('name', '=', 'Bench Booking Client')], limit=1)
    client = clients[0] if clients else create_client(
        "Bench Booking Client", store=stores['rpc'])
    ids['client'] = client.id
    ids['company'], = [c.id for c in Company.find([], limit=1)]
    return ids


def local_day(offset):
    return dt.date.today() + dt.timedelta(days=offset)


def at(day, hour, minute=0):
    "The naive UTC datetime of the local time of the stores"
    return (dt.datetime.combine(day, dt.time(hour, minute))
        - dt.timedelta(hours=UTC_OFFSET))


def slot_data_ready(conn, ids):
    count = conn.execute("SELECT count(*) FROM salon_appointment "
        "WHERE store = %s", (ids['slot'],)).fetchone()[0]
    last = conn.execute("SELECT max(\"end\") FROM salon_shift "
        "WHERE store = %s", (ids['slot'],)).fetchone()[0]
    first = conn.execute("SELECT min(start) FROM salon_appointment "
        "WHERE store = %s", (ids['slot'],)).fetchone()[0]
    return (count == APPOINTMENTS and last is not None
        and last >= at(local_day(16), OPEN)
        and first <= at(local_day(0), OPEN)), count


def load_slot_data(args, ids):
    """Bulk-load the roster and 20,000 appointments of the slot store.

    Stylist e works 9:00-21:00 local every day except when (d + e) % 7 = 0;
    the appointments are picked pseudo-randomly among the hourly slots of
    the roster (about 77 % of them), 45 min + 15 min buffer each; stylists
    0-9 work in chair (e + hour) % 10 (never two in a chair at once), the
    others do a trim without a chair.  The exclusion constraints check the
    rows as they go in."""
    today = dt.date.today()
    with connect(args.uri, args.database) as conn:
        conn.execute("SET synchronous_commit = off")
        conn.execute("DELETE FROM salon_appointment WHERE store = %s",
            (ids['slot'],))
        conn.execute("DELETE FROM salon_shift WHERE store = %s",
            (ids['slot'],))
        conn.execute("CREATE TEMPORARY TABLE bench_emp "
            "(idx integer, id integer)")
        conn.execute("CREATE TEMPORARY TABLE bench_room "
            "(idx integer, id integer)")
        with conn.cursor() as cursor:
            cursor.executemany("INSERT INTO bench_emp VALUES (%s, %s)",
                list(enumerate(ids['slot_employees'])))
            cursor.executemany("INSERT INTO bench_room VALUES (%s, %s)",
                list(enumerate(ids['slot_rooms'])))
        params = {'today': today, 'first': DATA_FIRST, 'last': DATA_LAST,
            'open': OPEN - UTC_OFFSET, 'close': CLOSE - UTC_OFFSET,
            'hours': HOURS, 'n': APPOINTMENTS, 'store': ids['slot'],
            'company': ids['company'], 'client': ids['client'],
            'cut': ids['cut'], 'trim': ids['trim'], 'rooms': SLOT_ROOMS,
            'duration': DURATION, 'length': DURATION + BUFFER}
        conn.execute("""
            INSERT INTO salon_shift (employee, store, start, "end",
                create_uid, create_date)
            SELECT m.id, %(store)s,
                (%(today)s::date + d)
                + make_interval(hours => %(open)s::integer),
                (%(today)s::date + d)
                + make_interval(hours => %(close)s::integer),
                0, now()
            FROM generate_series(
                %(first)s::integer, %(last)s::integer) AS d
            JOIN bench_emp AS m ON (d + m.idx) %% 7 <> 0
            """, params)
        conn.execute("""
            CREATE TEMPORARY TABLE bench_pick AS
            SELECT row_number() OVER (ORDER BY start, e) AS n, * FROM (
                SELECT d, m.idx AS e, m.id AS employee, k,
                    (%(today)s::date + d)
                    + make_interval(hours => %(open)s::integer + k) AS start,
                    CASE WHEN m.idx < %(rooms)s THEN r.id END AS room
                FROM generate_series(
                    %(first)s::integer, %(last)s::integer) AS d
                JOIN bench_emp AS m ON (d + m.idx) %% 7 <> 0
                CROSS JOIN generate_series(0, %(hours)s::integer - 1) AS k
                LEFT JOIN bench_room AS r
                    ON r.idx = (m.idx + k) %% %(rooms)s
                ORDER BY md5(d || '-' || m.idx || '-' || k)
                LIMIT %(n)s) AS c
            """, params)
        base = conn.execute("SELECT coalesce(max(id), 0) "
            "FROM salon_appointment").fetchone()[0]
        line_base = conn.execute("SELECT coalesce(max(id), 0) "
            "FROM salon_appointment_line").fetchone()[0]
        params.update(base=base, line_base=line_base)
        conn.execute("""
            INSERT INTO salon_appointment (id, number, company, client,
                store, employee, room, start, "end", source, state,
                late_cancel, create_uid, create_date)
            SELECT %(base)s + n, 'BENCH-' || (%(base)s + n), %(company)s,
                %(client)s, %(store)s, employee, room, start,
                start + make_interval(mins => %(duration)s::integer), 'phone',
                CASE WHEN start < now() AT TIME ZONE 'UTC'
                    THEN 'done' ELSE 'confirmed' END,
                false, 0, now()
            FROM bench_pick
            """, params)
        conn.execute("""
            INSERT INTO salon_appointment_line (id, appointment, product,
                employee, room, start, "end", price, create_uid,
                create_date)
            SELECT %(line_base)s + n, %(base)s + n,
                CASE WHEN room IS NULL THEN %(trim)s ELSE %(cut)s END,
                employee, room, start,
                start + make_interval(mins => %(duration)s::integer), 100,
                0, now()
            FROM bench_pick
            """, params)
        conn.execute("""
            INSERT INTO salon_appointment_busy (appointment, line, employee,
                room, start, "end", create_uid, create_date)
            SELECT %(base)s + n, %(line_base)s + n, employee, NULL, start,
                start + make_interval(mins => %(length)s::integer), 0, now()
            FROM bench_pick
            UNION ALL
            SELECT %(base)s + n, %(line_base)s + n, NULL, room, start,
                start + make_interval(mins => %(length)s::integer), 0, now()
            FROM bench_pick WHERE room IS NOT NULL
            """, params)
        for table in ['salon_appointment', 'salon_appointment_line']:
            conn.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                "(SELECT max(id) FROM " + table + "))", (table,))
        conn.commit()
    with connect(args.uri, args.database, autocommit=True) as conn:
        for table in ['salon_shift', 'salon_appointment',
                'salon_appointment_line', 'salon_appointment_busy']:
            conn.execute("VACUUM ANALYZE " + table)


def reset_rpc_store(args, ids):
    """Remove the appointments booked by a previous run in the RPC store and
    make sure its roster covers the days the bench books"""
    with connect(args.uri, args.database) as conn:
        conn.execute("DELETE FROM salon_appointment WHERE store = %s",
            (ids['rpc'],))
        last = conn.execute("SELECT max(\"end\") FROM salon_shift "
            "WHERE store = %s", (ids['rpc'],)).fetchone()[0]
        if last is None or last < at(local_day(RPC_LAST_DAY), CLOSE):
            conn.execute("DELETE FROM salon_shift WHERE store = %s",
                (ids['rpc'],))
            with conn.cursor() as cursor:
                cursor.executemany("""
                    INSERT INTO salon_shift (employee, store, start, "end",
                        create_uid, create_date)
                    SELECT %s, %s, d + make_interval(hours => %s::integer),
                        d + make_interval(hours => %s::integer), 0, now()
                    FROM generate_series(%s::date, %s::date,
                        '1 day'::interval) AS d
                    """, [(e, ids['rpc'], OPEN - UTC_OFFSET,
                            CLOSE - UTC_OFFSET, local_day(P1_DAY - 1),
                            local_day(RPC_LAST_DAY + 1))
                        for e in ids['rpc_employees']])
        conn.commit()
    with connect(args.uri, args.database, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE salon_appointment_busy")


# JSON-RPC ---------------------------------------------------------------

def encode(value):
    if isinstance(value, dt.datetime):
        return {'__class__': 'datetime', 'year': value.year,
            'month': value.month, 'day': value.day, 'hour': value.hour,
            'minute': value.minute, 'second': value.second,
            'microsecond': value.microsecond}
    raise TypeError(value)


def decode(obj):
    if obj.get('__class__') == 'datetime':
        return dt.datetime(obj['year'], obj['month'], obj['day'],
            obj['hour'], obj['minute'], obj['second'], obj['microsecond'])
    return obj


class JSONRPC:

    def __init__(self, port, database):
        self.url = 'http://127.0.0.1:%s/%s/rpc/' % (port, database)
        self.authorization = None
        self.context = {}

    def __call__(self, method, *params):
        "Return the response: {'result': ...} or {'error': ...}"
        data = json.dumps({'id': 1, 'method': method, 'params': params},
            default=encode).encode()
        # gzip as the Tryton clients: trytond streams a result over 1,400
        # bytes with iterencode, token by token unless it compresses it
        request = urllib.request.Request(self.url, data=data, headers={
                'Content-Type': 'application/json',
                'Accept-Encoding': 'gzip'})
        if self.authorization:
            request.add_header('Authorization', self.authorization)
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                body = response.read()
                if response.headers.get('Content-Encoding') == 'gzip':
                    body = gzip.decompress(body)
                return json.loads(body, object_hook=decode)
        except urllib.error.HTTPError as error:
            kind = 'HTTP %s' % error.code
            if error.code == 503:
                # trytond: DatabaseOperationalError after its retries
                kind += ' (database busy)'
            return {'error': [kind, [error.reason]]}

    def login(self):
        result = self('common.db.login', 'admin', {'password': PASSWORD},
            'en')['result']
        token = base64.b64encode(
            ('admin:%s:%s' % (result[0], result[1])).encode()).decode()
        self.authorization = 'Session ' + token
        self.context = self('model.res.user.get_preferences', True, {})[
            'result']

    def model(self, model, method, *params):
        return self('model.%s.%s' % (model, method), *params, self.context)


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class Servers:
    "Two trytond processes on the database"

    def __init__(self, args):
        self.keep_logs = args.keep_logs
        self.tmp = tempfile.TemporaryDirectory()
        self.ports = [free_port(), free_port()]
        self.processes, self.logs = [], []
        for port in self.ports:
            path = os.path.join(self.tmp.name, 'trytond-%s.conf' % port)
            with open(path, 'w') as file:
                file.write('[database]\nuri = %s\n' % args.uri)
                file.write('[web]\nlisten = 127.0.0.1:%s\n' % port)
                file.write('[session]\nmax_attempt = 1000\n')
            log = open(path + '.log', 'w')
            self.logs.append(log)
            self.processes.append(subprocess.Popen(
                    [bin_path('trytond'), '-c', path, '-d', args.database],
                    stdout=log, stderr=subprocess.STDOUT,
                    env=dict(os.environ, TRYTOND_DATABASE__URI=args.uri)))
        for port in self.ports:
            for _ in range(240):
                try:
                    with socket.create_connection(('127.0.0.1', port), 1):
                        break
                except OSError:
                    time.sleep(0.5)
            else:
                self.stop()
                raise SystemExit("trytond did not listen on %s" % port)

    def stop(self):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in self.logs:
            log.close()
            if self.keep_logs:
                os.makedirs(self.keep_logs, exist_ok=True)
                shutil.copy(log.name, self.keep_logs)
        self.tmp.cleanup()


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * len(values))))]


def ms(value):
    return '%.1f ms' % (value * 1000)


# P1 ---------------------------------------------------------------------

def rpc_slots(first_day, ids):
    "Yield (start, employee) of the RPC store, hour by hour, day by day"
    day = first_day
    while True:
        for k in range(HOURS):
            for employee in ids['rpc_employees']:
                yield at(local_day(day), OPEN + k), employee
        day += 1


def p1(args, servers, ids):
    rpc = JSONRPC(servers.ports[0], args.database)
    rpc.login()
    slots = rpc_slots(P1_DAY, ids)
    counter = iter(range(10 ** 9))
    failures = []

    def book():
        start, employee = next(slots)
        response = rpc.model('salon.appointment', 'book', ids['client'],
            ids['rpc'], [ids['cut']], start, employee)
        if 'error' in response:
            failures.append(response['error'])

    def create():
        response = rpc.model('party.party', 'create',
            [{'name': 'Bench RPC Party %s' % next(counter)}])
        if 'error' in response:
            failures.append(response['error'])

    timings = {}
    for name, call in [('party.create', create), ('book', book)]:
        for _ in range(10):  # warm-up
            call()
        values = []
        for _ in range(args.count):
            start = time.perf_counter()
            call()
            values.append(time.perf_counter() - start)
        timings[name] = values
    if failures:
        say("WARNING: %d P1 calls failed, first: %s"
            % (len(failures), failures[0]))
    say("P1 sequential JSON-RPC calls, one session, N=%d each after "
        "10 warm-up" % args.count)
    for name, values in timings.items():
        say("  %-13s p50 %s  p95 %s  mean %s" % (name,
                ms(statistics.median(values)), ms(pct(values, 95)),
                ms(statistics.mean(values))))
    ratio = (statistics.median(timings['book'])
        / statistics.median(timings['party.create']))
    say("  ratio book / party.create p50: %.2fx  [goal <= 1.5x]" % ratio)
    return ratio


# P2 ---------------------------------------------------------------------

NAIVE = """
    SELECT EXISTS (SELECT 1 FROM salon_shift AS s
            WHERE s.employee = %(employee)s AND s.store = %(store)s
                AND s.start <= %(start)s AND s."end" >= %(end)s)
        AND NOT EXISTS (SELECT 1 FROM salon_appointment_busy AS b
            WHERE b.employee = %(employee)s
                AND b.start < %(end)s AND b."end" > %(start)s)
        AND EXISTS (SELECT 1 FROM salon_room AS r
            WHERE r.store = %(store)s AND r.type = 'chair' AND r.active
                AND NOT EXISTS (SELECT 1 FROM salon_appointment_busy AS b
                    WHERE b.room = r.id
                        AND b.start < %(end)s AND b."end" > %(start)s))
    """


def naive_slots(args, ids, first, last):
    """For every candidate start (the store's step, within opening hours)
    and every stylist, one query: shift covers, stylist free, a chair
    free.  Return the starts with at least one fitting stylist and the
    number of queries."""
    found, queries = set(), 0
    length = dt.timedelta(minutes=DURATION + BUFFER)
    with connect(args.uri, args.database) as conn:
        step = conn.execute("SELECT booking_step FROM salon_store "
            "WHERE id = %s", (ids['slot'],)).fetchone()[0]
        cursor = conn.cursor()
        day = first
        while day <= last:
            start = at(day, OPEN)
            close = at(day, CLOSE)
            while start + dt.timedelta(minutes=DURATION) <= close:
                for employee in ids['slot_employees']:
                    cursor.execute(NAIVE, {'employee': employee,
                            'store': ids['slot'], 'start': start,
                            'end': start + length}, prepare=True)
                    queries += 1
                    if cursor.fetchone()[0]:
                        found.add(start)
                start += dt.timedelta(minutes=step)
            day += dt.timedelta(days=1)
        conn.rollback()
    return found, queries


def find_slots_in_process(args, ids, first, last):
    "The median of find_slots called in this process (the server's part)"
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    values = []
    with Transaction().start(args.database, 1, context={
                'company': ids['company']}, readonly=True):
        Appointment = Pool().get('salon.appointment')
        for i in range(args.calls + 3):
            start = time.perf_counter()
            Appointment.find_slots(ids['slot'], [ids['cut']],
                first.isoformat(), last.isoformat())
            if i >= 3:
                values.append(time.perf_counter() - start)
    return statistics.median(values)


def p2(args, servers, ids):
    first, last = local_day(1), local_day(14)
    rpc = JSONRPC(servers.ports[0], args.database)
    rpc.login()
    call = lambda: rpc.model('salon.appointment', 'find_slots',  # noqa
        ids['slot'], [ids['cut']], first.isoformat(), last.isoformat())
    for _ in range(3):  # warm-up
        response = call()
    if 'error' in response:
        say("WARNING: find_slots failed: %s" % (response['error'],))
        return None
    values = []
    for _ in range(args.calls):
        start = time.perf_counter()
        response = call()
        values.append(time.perf_counter() - start)
    slots = response['result']
    inside = find_slots_in_process(args, ids, first, last)
    with connect(args.uri, args.database) as conn:
        busy = conn.execute("""
            SELECT count(*) FROM salon_appointment_busy AS b
            JOIN salon_appointment AS a ON a.id = b.appointment
            WHERE a.store = %s AND b.start < %s AND b."end" > %s""",
            (ids['slot'], at(last + dt.timedelta(days=1), 0),
                at(first, 0))).fetchone()[0]
        total = conn.execute("SELECT count(*) FROM salon_appointment "
            "WHERE store = %s", (ids['slot'],)).fetchone()[0]
    say("P2 find_slots %s..%s, %d stylists, %d chairs, %s appointments "
        "(%s busy rows in the 14 days)" % (first, last,
            len(ids['slot_employees']), len(ids['slot_rooms']),
            f'{total:,}', f'{busy:,}'))
    naive_start = time.perf_counter()
    found, queries = naive_slots(args, ids, first, last)
    naive = time.perf_counter() - naive_start
    median = statistics.median(values)
    say("  find_slots (JSON-RPC) median %s over %d calls (min %s, "
        "max %s), %d slots  [goal <= 50 ms]" % (ms(median), args.calls,
            ms(min(values)), ms(max(values)), len(slots)))
    say("  find_slots in process (no HTTP/JSON) median %s over %d calls"
        % (ms(inside), args.calls))
    say("  naive baseline %.2f s: %s queries (one per start and stylist), "
        "%d slots" % (naive, f'{queries:,}', len(found)))
    if {s['start'] for s in slots} != found:
        say("WARNING: find_slots and the naive baseline disagree on %d "
            "starts" % len({s['start'] for s in slots} ^ found))
    ratio = naive / median
    say("  ratio naive / find_slots: %.0fx  [goal >= 20x]" % ratio)
    return ratio


# P3 ---------------------------------------------------------------------

def run_threads(args, clients, targets):
    """Each client books its targets [(start, employee)] in turn, all
    starting together; return (elapsed, successes, errors)"""
    barrier = threading.Barrier(len(clients) + 1)
    results = [[] for _ in clients]

    def work(i):
        rpc = clients[i]
        barrier.wait()
        for start, employee in targets[i]:
            results[i].append(rpc.model('salon.appointment', 'book',
                    args.client, args.rpc_store, [args.cut], start,
                    employee))

    threads = [threading.Thread(target=work, args=(i,))
        for i in range(len(clients))]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    responses = [r for rs in results for r in rs]
    successes = sum('result' in r for r in responses)
    errors = {}
    for r in responses:
        if 'error' in r:
            kind = r['error'][0]
            if kind == 'UserError':
                message = r['error'][1][0]
                kind = ('UserError: already booked'
                    if 'already booked' in message
                    else 'UserError: ' + message[:60])
            errors[kind] = errors.get(kind, 0) + 1
    return elapsed, len(responses), successes, errors


def double_bookings(args, ids):
    with connect(args.uri, args.database) as conn:
        overlaps = conn.execute("""
            SELECT count(*) FROM salon_appointment_busy AS a
            JOIN salon_appointment_busy AS b ON a.id < b.id
                AND (a.employee = b.employee OR a.room = b.room)
                AND a.start < b."end" AND b.start < a."end"
            JOIN salon_appointment AS p ON p.id = a.appointment
            WHERE p.store = %s""", (ids['rpc'],)).fetchone()[0]
        held = conn.execute("SELECT count(*) FROM salon_appointment "
            "WHERE store = %s AND state = 'confirmed'",
            (ids['rpc'],)).fetchone()[0]
    return overlaps, held


def p3(args, servers, ids):
    args.client, args.rpc_store, args.cut = (
        ids['client'], ids['rpc'], ids['cut'])
    n, k = args.threads, args.per_thread
    clients = []
    for i in range(n):
        rpc = JSONRPC(servers.ports[i % 2], args.database)
        rpc.login()
        clients.append(rpc)
    employees = ids['rpc_employees']
    # free: every booking has an hour of its own (no stylist nor chair
    # shared at any time)
    free = []
    for i in range(n):
        targets = []
        for j in range(k):
            slot = i * k + j
            day = local_day(P3_FREE_DAY + slot // HOURS)
            targets.append((at(day, OPEN + slot % HOURS),
                    employees[i % len(employees)]))
        free.append(targets)
    # overlapping: round j on day j, 8 clients per stylist at 12:00,
    # 12:15, 12:30 or 12:45 (all overlap), chairs picked by the server
    overlap = [[(at(local_day(P3_OVERLAP_DAY + j), 12, 15 * (i // 8 % 4)),
                employees[i % len(employees)]) for j in range(k)]
        for i in range(n)]
    held_before = double_bookings(args, ids)[1]
    figures = {}
    for name, targets in [('free', free), ('overlapping', overlap)]:
        elapsed, calls, successes, errors = run_threads(
            args, clients, targets)
        figures[name] = calls / elapsed
        say("  %-11s %d calls in %.2f s: %.1f calls/s, %d booked "
            "(%.1f bookings/s), refused %s" % (name, calls, elapsed,
                calls / elapsed, successes, successes / elapsed,
                errors or 0))
    overlaps, held = double_bookings(args, ids)
    say("  double bookings in salon_appointment_busy: %d (%d appointments "
        "held by the runs)" % (overlaps, held - held_before))
    if overlaps:
        say("WARNING: %d overlapping busy rows" % overlaps)
    ratio = figures['overlapping'] / figures['free']
    say("  ratio overlapping / free throughput (calls/s): %.0f%%  "
        "[goal >= 50%%]" % (ratio * 100))
    return ratio


def uptime():
    try:
        with open('/proc/loadavg') as file:
            return 'load average %s' % ' '.join(file.read().split()[:3])
    except OSError:
        return 'load average unknown'


def main():
    args = parse_args()
    setup_trytond(args)
    say("booking bench: database %s, %d CPUs, %s"
        % (args.database, os.cpu_count(), uptime()))
    state = database_state(args, MODULE) if args.reuse else None
    if state and args.no_update:
        say("reusing database %s as it is" % args.database)
    elif state:
        say("reusing database %s, updating salon_booking..." % args.database)
        start = time.perf_counter()
        create_database(args, MODULE, update=True)
        say("  updated in %.1f s" % (time.perf_counter() - start))
    else:
        say("creating database %s and activating salon_booking "
            "(minutes on PostgreSQL)..." % args.database)
        start = time.perf_counter()
        create_database(args, MODULE)
        say("  activated in %.1f s" % (time.perf_counter() - start))

    ids = create_fixtures(args)
    with connect(args.uri, args.database) as conn:
        ready, count = slot_data_ready(conn, ids)
    if args.reuse and not args.reload and ready:
        say("reusing the %s loaded appointments" % f'{count:,}')
    else:
        say("loading %s appointments..." % f'{APPOINTMENTS:,}')
        start = time.perf_counter()
        load_slot_data(args, ids)
        say("  loaded in %.1f s (including VACUUM ANALYZE)"
            % (time.perf_counter() - start))
    reset_rpc_store(args, ids)

    servers = Servers(args)
    try:
        say()
        r1 = p1(args, servers, ids)
        say()
        r2 = p2(args, servers, ids)
        say()
        say("P3 %d clients over 2 trytond processes, %d bookings each"
            % (args.threads, args.per_thread))
        r3 = p3(args, servers, ids)
    finally:
        servers.stop()
    say()
    say("after: %s" % uptime())
    say("RATIO booking: book/create p50 %.2fx [<= 1.5x], naive/find_slots "
        "%s [>= 20x], overlapping/free throughput %.0f%% [>= 50%%]"
        % (r1, '%.0fx' % r2 if r2 else 'n/a', r3 * 100))


if __name__ == '__main__':
    main()
