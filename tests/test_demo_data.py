# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The demo generator (scripts/demo_data.py) builds a consistent database.

A small demo (40 clients, 1 month) is built twice from the same seed on
fresh SQLite files, set up with trytond-admin the way scripts/demo.sh
does, each in its own process; the checks read the files with sqlite3
and log in through trytond.security.login in a subprocess."""
import datetime as dt
import os
import re
import sqlite3
import sys
from zoneinfo import ZoneInfo

import pytest

from conftest import DB, run

LOGINS = {
    'hq': 'salon_crm.group_salon_hq',
    'manager_xh': 'salon_crm.group_salon_manager',
    'manager_bj': 'salon_crm.group_salon_manager',
    'manager_xs': 'salon_crm.group_salon_manager',
    'cashier_xh': 'salon_crm.group_salon_reception',
    'cashier_bj': 'salon_crm.group_salon_reception',
    'cashier_xs': 'salon_crm.group_salon_reception',
    'stylist_xh1': 'salon_crm.group_salon_stylist',
    'stylist_bj1': 'salon_crm.group_salon_stylist',
    'stylist_xs1': 'salon_crm.group_salon_stylist',
    'accountant': 'salon_crm.group_salon_accountant',
    }
E164_CN_MOBILE = re.compile(r'^\+861[3-9]\d{9}$')

pytestmark = pytest.mark.skipif(
    os.environ.get('TRYTOND_DATABASE_URI', '').startswith('postgresql'),
    reason="the demo database is SQLite only (make demo)")


def _connect(path):
    return sqlite3.connect(str(path / ('%s.sqlite' % DB)))


def _today(path, cursor):
    "The demo's today: the company's date when the generator started"
    cursor.execute('SELECT timezone FROM company_company')
    timezone, = cursor.fetchone()
    started = dt.datetime.fromisoformat((path / 'started').read_text())
    return started.astimezone(ZoneInfo(timezone)).date()


def _xml_id(cursor, module, fs_id):
    cursor.execute(
        'SELECT db_id FROM ir_model_data WHERE module = ? AND fs_id = ?',
        (module, fs_id))
    return cursor.fetchone()[0]


def test_stores(demo):
    "3 stores, each with its own warehouse, point of sale and staff"
    cursor = _connect(demo[0]).cursor()
    cursor.execute('SELECT code, warehouse, manager FROM salon_store')
    stores = cursor.fetchall()
    assert sorted(s[0] for s in stores) == ['BJ', 'XH', 'XS']
    assert len({s[1] for s in stores}) == 3
    assert all(s[2] for s in stores)
    cursor.execute(
        'SELECT COUNT(DISTINCT salon_store) FROM sale_point')
    assert cursor.fetchone()[0] == 3
    cursor.execute(
        'SELECT salon_store, salon_role, COUNT(*) FROM company_employee '
        'GROUP BY salon_store, salon_role')
    staff = {}
    for store, role, count in cursor.fetchall():
        staff.setdefault(store, {})[role] = count
    for store in staff.values():
        assert store['manager'] == 1
        assert store['receptionist'] == 1
        assert 6 <= store.get('stylist', 0) + store.get('therapist', 0) <= 8


def test_users(demo):
    "A user per role, in the role's group, with a home action and stores"
    cursor = _connect(demo[0]).cursor()
    for login, group in LOGINS.items():
        cursor.execute('SELECT id, company FROM res_user WHERE login = ?',
            (login,))
        user_id, company = cursor.fetchone()
        assert company
        group_id = _xml_id(cursor, *group.split('.'))
        cursor.execute(
            'SELECT COUNT(*) FROM "res_user-res_group" '
            'WHERE "user" = ? AND "group" = ?', (user_id, group_id))
        assert cursor.fetchone()[0] == 1, login
        cursor.execute(
            'SELECT COUNT(*) FROM "res_user-ir_action" WHERE "user" = ?',
            (user_id,))
        assert cursor.fetchone()[0] >= 1, login
        cursor.execute(
            'SELECT COUNT(*) FROM "res_user-salon_store" WHERE "user" = ?',
            (user_id,))
        stores = cursor.fetchone()[0]
        if login == 'hq':
            assert stores == 3
        elif login != 'accountant':
            assert stores == 1, login


def test_login(demo):
    "Every demo user logs in with the printed password"
    script = (
        "import sys\n"
        "from trytond.pool import Pool\n"
        "from trytond.security import login\n"
        "from trytond.transaction import Transaction\n"
        "Pool.start()\n"
        "pool = Pool(%(db)r)\n"
        "with Transaction().start(%(db)r, 0, readonly=True):\n"
        "    pool.init()\n"
        "failed = [l for l in sys.argv[1:]\n"
        "    if not login(%(db)r, l, {'password': 'demo-' + l},\n"
        "        cache=False)]\n"
        "failed += [l for l in ['hq'] if login(\n"
        "    %(db)r, l, {'password': 'wrong-password'}, cache=False)]\n"
        "print('failed:', ' '.join(failed))\n" % {'db': DB})
    output = run([sys.executable, '-c', script, *LOGINS], demo[0])
    assert output.strip() == 'failed:'


def test_sales_posted(demo):
    "Every POS sale went through the workflow to a posted move"
    cursor = _connect(demo[0]).cursor()
    cursor.execute('SELECT COUNT(*) FROM sale_point_sale')
    count = cursor.fetchone()[0]
    assert count >= 20
    cursor.execute(
        'SELECT COUNT(*) FROM sale_point_sale s '
        'JOIN account_move m ON m.id = s.move '
        "WHERE s.state = 'posted' AND m.state = 'posted' "
        'AND s.number IS NOT NULL AND s.salon_client IS NOT NULL')
    assert cursor.fetchone()[0] == count
    # Paid in full and the moves balance
    cursor.execute(
        'SELECT s.id FROM sale_point_sale s '
        'JOIN sale_point_sale_line l ON l.sale = s.id '
        'GROUP BY s.id HAVING ABS(SUM(l.quantity * l.unit_gross_price) - '
        '(SELECT SUM(p.amount) FROM sale_point_payment p '
        'WHERE p.sale = s.id)) > 0.001')
    assert cursor.fetchall() == []
    cursor.execute(
        'SELECT move FROM account_move_line GROUP BY move '
        'HAVING ABS(SUM(debit) - SUM(credit)) > 0.001')
    assert cursor.fetchall() == []
    cursor.execute(
        'SELECT COUNT(*) FROM sale_point_sale_line '
        'WHERE salon_stylist IS NULL')
    assert cursor.fetchone()[0] == 0


def test_clients(demo):
    "Every client has a home store and a valid E.164 mobile"
    import phonenumbers
    cursor = _connect(demo[0]).cursor()
    cursor.execute(
        'SELECT id, salon_home_store FROM party_party WHERE salon_client')
    clients = cursor.fetchall()
    assert len(clients) == 40
    assert all(store for _, store in clients)
    cursor.execute(
        'SELECT p.id, c.value_compact FROM party_party p '
        'JOIN party_contact_mechanism c ON c.party = p.id '
        "WHERE p.salon_client AND c.type = 'mobile'")
    phones = dict(cursor.fetchall())
    assert set(phones) == {c for c, _ in clients}
    for phone in phones.values():
        assert E164_CN_MOBILE.match(phone), phone
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone))
    assert len(set(phones.values())) == len(phones)


def test_segments(demo):
    "The segments are computed: not every client is a prospect"
    cursor = _connect(demo[0]).cursor()
    cursor.execute(
        'SELECT salon_lifecycle, COUNT(*) FROM party_party '
        'WHERE salon_client GROUP BY salon_lifecycle')
    lifecycles = dict(cursor.fetchall())
    assert set(lifecycles) - {'prospect'}, lifecycles
    cursor.execute(
        'SELECT COUNT(*) FROM party_party WHERE salon_client '
        'AND salon_visit_count > 0 AND salon_rfm_r IS NULL')
    assert cursor.fetchone()[0] == 0


def test_followups(demo):
    "Posting planned follow-ups; the due ones have their outcome"
    cursor = _connect(demo[0]).cursor()
    cursor.execute('SELECT state, COUNT(*) FROM salon_followup '
        'GROUP BY state')
    states = dict(cursor.fetchall())
    assert states.get('done')
    cursor.execute(
        "SELECT COUNT(*) FROM salon_followup WHERE state = 'done' "
        'AND (result IS NULL OR done_date IS NULL)')
    assert cursor.fetchone()[0] == 0
    cursor.execute(
        'SELECT COUNT(*) FROM salon_followup WHERE rating <= 2 '
        'AND complaint IS NULL')
    assert cursor.fetchone()[0] == 0


def test_no_config_wizard(demo):
    "No configuration wizard pops up at the first login"
    cursor = _connect(demo[0]).cursor()
    cursor.execute(
        "SELECT COUNT(*) FROM ir_module_config_wizard_item "
        "WHERE state != 'done'")
    assert cursor.fetchone()[0] == 0


def test_reproducible(demo):
    "The same seed gives the same clients and sales"
    def snapshot(path):
        cursor = _connect(path).cursor()
        cursor.execute(
            'SELECT name, salon_birthday, salon_gender, salon_source '
            'FROM party_party WHERE salon_client ORDER BY id')
        clients = cursor.fetchall()
        cursor.execute(
            'SELECT date, salon_client, number FROM sale_point_sale '
            'ORDER BY id')
        return clients, cursor.fetchall()
    first, second = map(snapshot, demo)
    assert first[0] == second[0]
    assert first[1] == second[1]


def test_booking(demo):
    """Each store has done, cancelled or no-show appointments in the past
    and confirmed ones in the next two weeks, none overlapping for an
    employee"""
    cursor = _connect(demo[0]).cursor()
    cursor.execute("SELECT datetime('now')")
    now, = cursor.fetchone()
    cursor.execute(
        'SELECT s.code, a.state, a.start > ?, COUNT(*) '
        'FROM salon_appointment AS a '
        'JOIN salon_store AS s ON s.id = a.store '
        'GROUP BY s.code, a.state, a.start > ?', (now, now))
    counts = {(c, s, bool(f)): n for c, s, f, n in cursor.fetchall()}
    for code in ['BJ', 'XH', 'XS']:
        assert counts.get((code, 'done', False)), code
        assert counts.get((code, 'confirmed', True)), code
        assert not counts.get((code, 'confirmed', False)), code
        assert not counts.get((code, 'done', True)), code
    assert any(counts.get((c, s, False))
        for c in ['BJ', 'XH', 'XS'] for s in ['cancelled', 'no_show'])
    cursor.execute(
        "SELECT MAX(start) FROM salon_appointment WHERE state = 'confirmed'")
    latest, = cursor.fetchone()
    assert latest[:10] <= (
        _today(demo[0], cursor) + dt.timedelta(days=15)).isoformat()
    # the employees are never booked twice at the same time
    cursor.execute(
        'SELECT COUNT(*) FROM salon_appointment_busy AS a '
        'JOIN salon_appointment_busy AS b ON a.employee = b.employee '
        'AND a.id < b.id AND a.start < b."end" AND b.start < a."end"')
    assert cursor.fetchone()[0] == 0
    cursor.execute(
        'SELECT COUNT(*) FROM salon_appointment AS a '
        'JOIN salon_appointment AS b ON a.employee = b.employee '
        'AND a.id < b.id AND a.start < b."end" AND b.start < a."end" '
        "WHERE a.state NOT IN ('cancelled', 'no_show') "
        "AND b.state NOT IN ('cancelled', 'no_show')")
    assert cursor.fetchone()[0] == 0
    # every holding appointment lies within a shift of its employee
    cursor.execute(
        'SELECT COUNT(*) FROM salon_appointment AS a '
        "WHERE a.state IN ('confirmed', 'done') AND NOT EXISTS ("
        'SELECT 1 FROM salon_shift AS s WHERE s.employee = a.employee '
        'AND s.start <= a.start AND s."end" >= a."end")')
    assert cursor.fetchone()[0] == 0


def test_membership(demo):
    """Tiers, stored-value cards topped up and spent, packages bought and
    used: each ledger agrees with the books"""
    cursor = _connect(demo[0]).cursor()
    cursor.execute('SELECT COUNT(*) FROM salon_membership_tier')
    assert cursor.fetchone()[0] == 2
    cursor.execute(
        "SELECT type, COUNT(*) FROM salon_card_line GROUP BY type")
    kinds = dict(cursor.fetchall())
    assert kinds.get('top-up') and kinds.get('bonus'), kinds
    # never negative, and the posted lines are the card's liability
    cursor.execute(
        'SELECT card FROM salon_card_line GROUP BY card '
        'HAVING SUM(amount) < 0')
    assert cursor.fetchall() == []
    cursor.execute(
        'SELECT c.id FROM salon_card AS c WHERE ABS('
        'COALESCE((SELECT SUM(l.amount) FROM salon_card_line AS l '
        'WHERE l.card = c.id AND l.move IS NOT NULL), 0) - '
        'COALESCE((SELECT SUM(m.credit - m.debit) '
        'FROM account_move_line AS m WHERE m.salon_card = c.id), 0)) '
        '> 0.001')
    assert cursor.fetchall() == []
    cursor.execute(
        "SELECT type, COUNT(*), SUM(sessions) "
        "FROM salon_package_card_line GROUP BY type")
    kinds = {t: (n, s) for t, n, s in cursor.fetchall()}
    assert kinds.get('purchase') and kinds.get('consume'), kinds
    assert kinds['purchase'][1] + kinds['consume'][1] > 0
    # every sale is posted: the deferred revenue is the packages' ledger
    cursor.execute(
        "SELECT COALESCE(SUM(m.credit - m.debit), 0) "
        "FROM account_move_line AS m "
        "JOIN account_account AS a ON a.id = m.account "
        "WHERE a.name LIKE '%Deferred Revenue - Packages%'")
    deferred = cursor.fetchone()[0]
    cursor.execute('SELECT SUM(amount) FROM salon_package_card_line')
    assert abs(deferred - cursor.fetchone()[0]) < 0.001


def _stock(cursor, today, forecast=False):
    """Return the quantity of each (location, product) of the storage
    locations in the product's unit, from the moves: done, or (forecast)
    also planned up to today"""
    states = ('done', 'assigned', 'draft') if forecast else ('done',)
    marks = ', '.join('?' * len(states))
    cursor.execute(
        'SELECT l.id, m.product, SUM(CASE WHEN m.to_location = l.id '
        'THEN m.internal_quantity ELSE -m.internal_quantity END) '
        'FROM stock_move AS m JOIN stock_location AS l '
        'ON l.id IN (m.from_location, m.to_location) '
        "WHERE l.type = 'storage' AND m.state IN (%s) "
        'AND COALESCE(m.effective_date, m.planned_date) <= ? '
        'GROUP BY l.id, m.product' % marks, (*states, today))
    return {(l, p): q for l, p, q in cursor.fetchall()}


def test_stock(demo):
    """Back-bar goods delivered at cost to HQ and each store, consumed by
    the done appointments through their recipe, order points on the
    stores' storage, replenished from HQ; today's alerts are exactly the
    products under their minimum; a stocktake per store"""
    cursor = _connect(demo[0]).cursor()
    today = _today(demo[0], cursor).isoformat()
    backbar = _xml_id(cursor, 'salon_stock_ext', 'location_backbar')
    cursor.execute(
        'SELECT s.id, s.code, w.id, w.storage_location FROM salon_store s '
        'JOIN stock_location w ON w.id = s.warehouse')
    stores = {s: (c, w, st) for s, c, w, st in cursor.fetchall()}
    storages = {st: s for s, (_, _, st) in stores.items()}
    cursor.execute(
        "SELECT id, storage_location FROM stock_location WHERE code = 'WH'")
    hq, hq_storage = cursor.fetchone()
    cursor.execute(
        'SELECT salon_hq_warehouse FROM '
        'stock_configuration_salon_hq_warehouse')
    assert cursor.fetchall() == [(hq,)]
    cursor.execute('SELECT DISTINCT product FROM salon_service_consumable')
    goods = {p for p, in cursor.fetchall()}
    assert len(goods) >= 8

    # delivered by the supplier at cost to HQ and every store
    cursor.execute(
        'SELECT s.warehouse, COUNT(*), MIN(CAST(m.unit_price AS REAL)) '
        'FROM stock_shipment_in AS s JOIN stock_move AS m '
        "ON m.shipment = 'stock.shipment.in,' || s.id "
        'AND m.to_location = s.warehouse_input '
        "WHERE s.state = 'done' AND m.state = 'done' "
        'GROUP BY s.warehouse')
    delivered = {w: (n, price) for w, n, price in cursor.fetchall()}
    assert set(delivered) == {hq} | {w for _, w, _ in stores.values()}
    assert all(price > 0 for _, price in delivered.values())

    # no storage is ever below zero, every store keeps stock of most
    # back-bar goods and an alert for the others
    cursor.execute(
        'SELECT MIN(level) FROM (SELECT SUM(quantity) OVER ('
        'PARTITION BY location, product ORDER BY day) AS level FROM ('
        'SELECT l.id AS location, m.product AS product, '
        'm.effective_date AS day, SUM(CASE WHEN m.to_location = l.id '
        'THEN m.internal_quantity ELSE -m.internal_quantity END) '
        'AS quantity FROM stock_move AS m JOIN stock_location AS l '
        'ON l.id IN (m.from_location, m.to_location) '
        "WHERE l.type = 'storage' AND m.state = 'done' "
        'GROUP BY l.id, m.product, m.effective_date))')
    lowest, = cursor.fetchone()
    assert lowest >= -1e-6, lowest
    stock = _stock(cursor, today)
    cursor.execute('SELECT store, product FROM salon_stock_alert')
    alerted = set(cursor.fetchall())
    for store, (code, _, storage) in stores.items():
        empty = [p for p in goods if stock.get((storage, p), 0) <= 0]
        assert all((store, p) in alerted for p in empty), code
        assert len(empty) < len(goods) / 2, code

    # each done appointment took its recipe from its store's storage, on
    # its day, valued at the cost price, with its line as origin
    cursor.execute(
        'SELECT a.id, a.store, date(a.start, \'+8 hours\'), '
        'l.product, m.product, m.from_location, m.effective_date, '
        'm.quantity * u.factor, CAST(m.unit_price AS REAL) / u.factor, '
        'c.quantity * cu.factor, CAST(cp.cost_price AS REAL) / pu.factor '
        'FROM salon_appointment AS a '
        'JOIN salon_appointment_line AS l ON l.appointment = a.id '
        'JOIN stock_move AS m '
        "ON m.origin = 'salon.appointment.line,' || l.id "
        'JOIN product_uom AS u ON u.id = m.unit '
        'JOIN product_product AS sp ON sp.id = l.product '
        'LEFT JOIN salon_service_consumable AS c '
        'ON c.service = sp.template AND c.product = m.product '
        'LEFT JOIN product_uom AS cu ON cu.id = c.unit '
        'JOIN product_product AS gp ON gp.id = m.product '
        'JOIN product_template AS gt ON gt.id = gp.template '
        'JOIN product_uom AS pu ON pu.id = gt.default_uom '
        'JOIN product_cost_price AS cp ON cp.product = m.product '
        "WHERE m.to_location = ? AND m.state = 'done' "
        'AND m.currency IS NOT NULL', (backbar,))
    moves = cursor.fetchall()
    assert moves
    consumed = set()
    for (appointment, store, day, service, product, storage, date,
            quantity, price, recipe, cost) in moves:
        consumed.add(appointment)
        assert storages[storage] == store
        assert date == day
        assert recipe is not None and abs(quantity - recipe) < 1e-9
        assert abs(price - cost) < 1e-4 * max(cost, 1)
    cursor.execute(
        "SELECT id FROM salon_appointment WHERE state = 'done'")
    done = {a for a, in cursor.fetchall()}
    assert consumed <= done
    # the small demo is shorter than the weeks of live back-bar stock
    assert consumed == done

    # order points on the stores' storage, replenished from HQ
    cursor.execute(
        "SELECT location, product, min_quantity, target_quantity, "
        "provisioning_location FROM stock_order_point "
        "WHERE type = 'internal'")
    points = {(l, p): (mn, t, pr) for l, p, mn, t, pr in cursor.fetchall()}
    for storage in storages:
        assert goods <= {p for l, p in points if l == storage}
    assert all(0 < mn < t and pr == hq_storage
        for mn, t, pr in points.values())
    cursor.execute(
        'SELECT COUNT(*) FROM stock_shipment_internal AS s '
        'JOIN salon_stock_alert AS a ON a.shipment = s.id '
        "WHERE s.state = 'done' AND s.from_location = ?", (hq_storage,))
    assert cursor.fetchone()[0]

    # today's alerts: exactly the products under their minimum
    forecast = _stock(cursor, today, forecast=True)
    under = {(storages[l], p) for (l, p), (mn, _, _) in points.items()
        if forecast.get((l, p), 0) < mn}
    cursor.execute(
        'SELECT store, product, forecast_quantity, min_quantity, date '
        'FROM salon_stock_alert WHERE shipment IS NULL')
    alerts = cursor.fetchall()
    assert alerts
    for store, product, quantity, minimum, date in alerts:
        assert date == today
        assert quantity < minimum
        assert abs(quantity - forecast.get(
                    (stores[store][2], product), 0)) < 1e-6
    cursor.execute(
        'SELECT a.store, a.product FROM salon_stock_alert AS a '
        'JOIN stock_shipment_internal AS s ON s.id = a.shipment '
        "WHERE s.state != 'done'")
    pending = set(cursor.fetchall())
    assert {(s, p) for s, p, *_ in alerts} | pending == under

    # a stocktake per store today: two confirmed, one draft with its
    # variance
    cursor.execute(
        'SELECT i.salon_store, i.state, i.location, '
        'SUM(ABS(COALESCE(l.quantity, l.expected_quantity) '
        '- l.expected_quantity)) '
        'FROM stock_inventory AS i '
        'JOIN stock_inventory_line AS l ON l.inventory = i.id '
        'WHERE i.date = ? GROUP BY i.id', (today,))
    inventories = cursor.fetchall()
    assert sorted(s for s, *_ in inventories) == sorted(stores)
    assert sorted(s for _, s, _, _ in inventories) == [
        'done', 'done', 'draft']
    for store, state, location, variance in inventories:
        assert location == stores[store][2]
        assert variance > 0
    cursor.execute(
        'SELECT COUNT(*) FROM stock_move AS m '
        "JOIN stock_inventory_line AS l ON m.origin = "
        "'stock.inventory.line,' || l.id "
        "WHERE m.state = 'done' AND m.effective_date = ?", (today,))
    assert cursor.fetchone()[0] >= 2

    # the same seed, the same stock
    def snapshot(path):
        cursor = _connect(path).cursor()
        cursor.execute(
            'SELECT product, from_location, quantity, effective_date '
            'FROM stock_move ORDER BY id')
        return cursor.fetchall()
    assert snapshot(demo[0]) == snapshot(demo[1])
