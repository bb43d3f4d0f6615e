# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""A real day of each persona of the chain in sao (real Chromium) on a copy
of the small demo: what each person sees (texts, amounts, counts) is
checked against the database with sqlite3.

Every demo login lands without a JavaScript error in English and in
Chinese; HQ compares the stores; the manager of 西湖店 approves a shift
swap and sees the store's follow-ups due; the cashier of 滨江店 checks out
a member of 西湖店 paying by stored value and cash and prints the receipt;
the stylist sees the own day in the calendar; the accountant finds the
entry of that checkout and a card reconciliation without difference."""
import datetime as dt
import json
import os
import re
import sqlite3
import subprocess
import time
import zipfile
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from conftest import CHROMIUM, DB, PLAYWRIGHT, ROOT
from rpc_tools import JSONRPC

SCRIPT = ROOT / 'tests' / 'browser' / 'sao_persona.mjs'
TZ = ZoneInfo('Asia/Shanghai')
LOGINS = ['hq', 'manager_xh', 'cashier_xh', 'stylist_xh1', 'accountant',
    'admin']

pytestmark = pytest.mark.skipif(
    os.environ.get('TRYTOND_DATABASE_URI', '').startswith('postgresql'),
    reason="the browser tests run in the SQLite pass")


def password(login):
    return 'admin' if login == 'admin' else 'demo-' + login


def rpc(server, login):
    return JSONRPC(server['port'], DB, login, password(login)).login()


def call(client, model, method, *args):
    answer = client.model(model, method, *args)
    assert 'error' not in answer, answer
    return answer['result']


def query(server, sql, *args):
    path = server['path'] / ('%s.sqlite' % DB)
    with sqlite3.connect(str(path)) as connection:
        return connection.execute(sql, args).fetchall()


def scalar(server, sql, *args):
    return query(server, sql, *args)[0][0]


def translated(server, model, field, res_id, lang):
    "The name of the record as the user of lang reads it"
    source = scalar(server,
        'SELECT %s FROM "%s" WHERE id = ?' % (field, model.replace('.', '_')),
        res_id)
    if lang == 'en':
        return source
    rows = query(server,
        'SELECT value FROM ir_translation WHERE name = ? AND res_id = ? '
        'AND lang = ? AND type = ? AND value != \'\'',
        '%s,%s' % (model, field), res_id, lang, 'model')
    return rows[0][0] if rows else source


def menu_path(server, module, fs_id, lang):
    "The names of the menu entry and its parents from the root"
    menu_id = scalar(server,
        'SELECT db_id FROM ir_model_data WHERE module = ? AND fs_id = ?',
        module, fs_id)
    names = []
    while menu_id:
        names.insert(0, translated(server, 'ir.ui.menu', 'name', menu_id,
                lang))
        menu_id = scalar(server,
            'SELECT parent FROM ir_ui_menu WHERE id = ?', menu_id)
    return names


def user_language(server, login):
    return scalar(server,
        'SELECT l.code FROM res_user u '
        'LEFT JOIN ir_lang l ON l.id = u.language '
        'WHERE u.login = ?', login)


def set_language(server, login, code):
    admin = rpc(server, 'admin')
    lang, = call(admin, 'ir.lang', 'search', [('code', '=', code)])
    user, = call(admin, 'res.user', 'search', [('login', '=', login)])
    call(admin, 'res.user', 'write', [user], {'language': lang})


def browse(server, tmp_path, scenario, **args):
    """Run the scenario of sao_persona.mjs; return what the user saw and
    print the wall time"""
    started = time.monotonic()
    args.setdefault('shots', str(tmp_path))
    env = dict(os.environ, PLAYWRIGHT_DIR=str(PLAYWRIGHT), CHROMIUM=CHROMIUM)
    result = subprocess.run(
        ['node', str(SCRIPT), server['url'], DB, scenario, json.dumps(args)],
        env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-5000:]
    print("\n%s: %.1fs in sao" % (scenario, time.monotonic() - started))
    return json.loads(result.stdout.strip().splitlines()[-1])


def store_id(server, code):
    return scalar(server, 'SELECT id FROM salon_store WHERE code = ?', code)


def local_day(day=None):
    "The UTC bounds of the day in Hangzhou (today by default)"
    day = day or dt.datetime.now(TZ).date()
    start = dt.datetime.combine(day, dt.time()).replace(tzinfo=TZ)
    return [d.astimezone(dt.timezone.utc).strftime('%Y-%m-%d %H:%M:%S')
        for d in (start, start + dt.timedelta(days=1))]


@pytest.fixture
def timed(request):
    started = time.monotonic()
    yield
    print("\n%s: %.1fs" % (request.node.name, time.monotonic() - started))


def action_id(server, module, fs_id):
    "The ir.action id of the window module.fs_id"
    return scalar(server,
        'SELECT action FROM ir_action_act_window WHERE id = (SELECT db_id '
        'FROM ir_model_data WHERE module = ? AND fs_id = ?)', module, fs_id)


def login_actions(server, login, lang):
    "The names of the tabs the login actions of the user open"
    ids = [r[0] for r in query(server,
            'SELECT a.action FROM "res_user-ir_action" a '
            'JOIN res_user u ON u.id = a.user WHERE u.login = ?', login)]
    return sorted(translated(server, 'ir.action', 'name', i, lang)
        for i in ids)


def test_every_login_lands(sao_server, tmp_path, timed):
    """Every persona lands in its language, then in the other one (en,
    zh_CN): the login actions open their tabs, their lists show rows, no
    JavaScript error"""
    own = {l: user_language(sao_server, l) or 'en' for l in LOGINS}
    other = {l: 'en' if own[l] == 'zh_CN' else 'zh_CN' for l in LOGINS}
    assert set(own.values()) == {'en', 'zh_CN'}
    seen = {}
    try:
        for langs in [own, other]:
            users = []
            for login in LOGINS:
                set_language(sao_server, login, langs[login])
                users.append({'login': login, 'password': password(login),
                        'lang': langs[login], 'tabs': login_actions(
                            sao_server, login, langs[login])})
            for user, what in zip(users, browse(sao_server, tmp_path,
                        'landings', users=users)):
                seen[user['login'], user['lang']] = (user, what)
    finally:
        for login in LOGINS:
            set_language(sao_server, login, own[login])
    for (login, lang), (user, what) in seen.items():
        name = '%s (%s)' % (login, lang)
        assert sorted(what['tabs']) == user['tabs'], name
        assert what['menu'], name
        # the clients and the stores lists show rows (the POS sales of
        # the day may be none yet)
        clients_tab = translated(sao_server, 'ir.action', 'name',
            action_id(sao_server, 'salon_crm', 'act_client_form'), lang)
        if clients_tab in what['rows']:
            assert what['rows'][clients_tab] > 0, name
        if lang == 'zh_CN':
            # sao and the server speak Chinese
            assert re.search(r'[\u4e00-\u9fff]', ' '.join(what['menu'])), (
                name, what['menu'])
    clients = scalar(sao_server,
        'SELECT COUNT(*) FROM party_party WHERE salon_client')
    assert seen['hq', 'en'][1]['rows']["Clients"] == clients
    # the accountant lands on the accounts with their balances
    ledger = translated(sao_server, 'ir.action', 'name', action_id(
            sao_server, 'account', 'act_account_general_ledger'), 'en')
    accountant = seen['accountant', 'en'][1]
    # (sao titles the tab of the ledger "General Ledger - Accounts")
    assert [n for t, n in accountant['rows'].items() if ledger in t
        and n > 0], accountant


def test_hq_compares_stores(sao_server, tmp_path, timed):
    "HQ counts the clients of each store in the Clients list, opens one"
    stores = query(sao_server,
        'SELECT s.name, COUNT(p.id) FROM salon_store s '
        'LEFT JOIN party_party p ON p.salon_home_store = s.id '
        'AND p.salon_client GROUP BY s.id ORDER BY s.code')
    assert len(stores) == 3 and all(n for _, n in stores)
    seen = browse(sao_server, tmp_path, 'hq',
        clients="Clients", home="Home Store", store_tab="Stores",
        stores=[s for s, _ in stores], store=stores[0][0])
    assert seen['counts'] == dict(stores)
    assert seen['all'] == scalar(sao_server,
        'SELECT COUNT(*) FROM party_party WHERE salon_client')
    assert seen['name'] == stores[0][0]


def _free_swap(server, store):
    """A future shift of an employee of the store without appointments and
    another employee of the store free that day: (shift, employee, with)"""
    now = dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M:%S')
    rows = query(server,
        'SELECT sh.id, sh.employee, sh.start, sh."end" FROM salon_shift sh '
        'WHERE sh.store = ? AND sh.start > ? AND NOT EXISTS ('
        'SELECT 1 FROM salon_appointment_line l WHERE l.employee = '
        'sh.employee AND l.start < sh."end" AND l."end" > sh.start) '
        'ORDER BY sh.start, sh.id', store, now)
    staff = [r[0] for r in query(server,
            'SELECT id FROM company_employee WHERE salon_store = ? '
            "AND salon_role IN ('stylist', 'therapist') ORDER BY id", store)]
    for shift, employee, start, end in rows:
        for other in staff:
            if other != employee and not scalar(server,
                    'SELECT COUNT(*) FROM salon_shift WHERE employee = ? '
                    'AND start < ? AND "end" > ?', other, end, start):
                return shift, employee, other
    raise AssertionError("no shift to swap in the demo")


def test_manager_approves_swap(sao_server, tmp_path, timed):
    """The manager of 西湖店 approves the shift swap requested and sees the
    store's follow-ups due"""
    xh = store_id(sao_server, 'XH')
    shift, employee, other = _free_swap(sao_server, xh)
    admin = rpc(sao_server, 'admin')
    swap, = call(admin, 'salon.shift.swap', 'create', [{
                'shift': shift, 'requested_by': employee,
                'with_employee': other}])
    lang = user_language(sao_server, 'manager_xh')
    other_name = scalar(sao_server,
        'SELECT p.name FROM company_employee e JOIN party_party p '
        'ON p.id = e.party WHERE e.id = ?', other)
    followups = login_actions(sao_server, 'manager_xh', lang)
    followup_tab = translated(sao_server, 'ir.action', 'name', scalar(
            sao_server, 'SELECT action FROM ir_action_act_window '
            'WHERE id = (SELECT db_id FROM ir_model_data WHERE module = ? '
            'AND fs_id = ?)', 'salon_crm', 'act_followup_form'), lang)
    assert followup_tab in followups
    seen = browse(sao_server, tmp_path, 'manager', login='manager_xh',
        password=password('manager_xh'), timezone='Asia/Shanghai',
        swaps_menu=menu_path(
            sao_server, 'salon_booking', 'menu_shift_swap_form', lang),
        swap_text=other_name, followups=followup_tab)
    state, approver, employee_now = query(sao_server,
        'SELECT s.state, u.login, sh.employee FROM salon_shift_swap s '
        'JOIN salon_shift sh ON sh.id = s.shift '
        'LEFT JOIN res_user u ON u.id = s.approved_by WHERE s.id = ?',
        swap)[0]
    assert (state, approver, employee_now) == (
        'approved', 'manager_xh', other)
    assert seen['state'] == translated_selection(
        sao_server, 'salon.shift.swap', 'state', 'approved', lang)
    end_of_day = dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d 23:59:00')
    assert seen['due'] == scalar(sao_server,
        "SELECT COUNT(*) FROM salon_followup WHERE state = 'planned' "
        'AND planned <= ? AND store = ?', end_of_day, xh)
    assert seen['due'] > 0


def translated_selection(server, model, field, value, lang):
    "The label of the selection value as the user of lang reads it"
    labels = {'approved': "Approved", 'done': "Done", 'posted': "Posted"}
    source = labels[value]
    if lang == 'en':
        return source
    rows = query(server,
        'SELECT value FROM ir_translation WHERE name = ? AND lang = ? '
        "AND type = 'selection' AND src = ? AND value != ''",
        '%s,%s' % (model, field), lang, source)
    return rows[0][0] if rows else source


def test_stylist_sees_own_day(sao_server, tmp_path, timed):
    "The stylist's calendar shows the own appointments of today"
    login = 'stylist_xh1'
    lang = user_language(sao_server, login)
    employee = scalar(sao_server,
        'SELECT employee FROM res_user WHERE login = ?', login)
    start, end = local_day()
    expected = scalar(sao_server,
        'SELECT COUNT(*) FROM salon_appointment a WHERE a.start < ? '
        'AND a."end" > ? AND a.state NOT IN (\'cancelled\', \'no_show\') '
        'AND (a.employee = ? OR EXISTS (SELECT 1 FROM '
        'salon_appointment_line l WHERE l.appointment = a.id '
        'AND l.employee = ?))', end, start, employee, employee)
    seen = browse(sao_server, tmp_path, 'stylist', login=login,
        password=password(login), timezone='Asia/Shanghai',
        menu=menu_path(
            sao_server, 'salon_booking', 'menu_appointment_form', lang))
    assert len(seen['events']) == expected, seen


@pytest.fixture(scope='module')
def visit(sao_server):
    """A member of 西湖店 with stored value, looked up by the cashier of
    滨江店 (JSON-RPC) and booked, arrived and done there today (at the
    first free time: the next day when 滨江店 is closed for today)"""
    xh, bj = store_id(sao_server, 'XH'), store_id(sao_server, 'BJ')
    cashier = rpc(sao_server, 'cashier_bj')
    members = query(sao_server,
        'SELECT p.id, m.value FROM party_party p '
        'JOIN party_contact_mechanism m ON m.party = p.id '
        "AND m.type = 'mobile' JOIN salon_card c ON c.client = p.id "
        "AND c.state = 'active' WHERE p.salon_home_store = ? "
        'AND p.salon_client ORDER BY p.id', xh)
    for client, mobile in members:
        found = call(cashier, 'party.party', 'salon_lookup', mobile)
        cards = [c for c in found['cards'] if c['balance'] > 0]
        if cards:
            break
    else:
        raise AssertionError("no member of 西湖店 with stored value")
    assert found['id'] == client
    service = scalar(sao_server,
        'SELECT pp.id FROM product_product pp '
        'JOIN product_template t ON t.id = pp.template '
        'JOIN product_list_price l ON l.template = t.id '
        'WHERE t.salon_service AND l.list_price > 0 '
        'ORDER BY t.salon_duration, pp.id')
    today = dt.datetime.now(TZ).date()
    for days in range(3):
        day = (today + dt.timedelta(days=days)).isoformat()
        slots = call(cashier, 'salon.appointment', 'find_slots', bj,
            [service], day, day)
        if slots:
            break
    appointment = call(cashier, 'salon.appointment', 'book', client, bj,
        [service], slots[0]['start'])
    for button in ['arrive', 'do']:
        call(cashier, 'salon.appointment', button, [appointment])
    number, = call(cashier, 'salon.appointment', 'read', [appointment],
        ['number'])[0:1]
    return {'client': client, 'mobile': mobile, 'found': found,
        'card': cards[0], 'appointment': appointment,
        'number': number['number'], 'service': service}


def _receipt_text(path):
    "The text of the receipt (ODT, flat ODT or PDF)"
    from lxml import etree
    data = open(path, 'rb').read()
    if data[:2] == b'PK':
        with zipfile.ZipFile(path) as odt:
            data = odt.read('content.xml')
    elif data[:4] == b'%PDF':
        return subprocess.run(['pdftotext', '-layout', path, '-'],
            capture_output=True, text=True, check=True).stdout
    root = etree.fromstring(data)
    return '\n'.join(
        ''.join(p.itertext()) for p in root.iter(
            '{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p'))


def dec(value):
    "The Decimal of a number (SQLite stores Numeric as text or bytes)"
    if isinstance(value, bytes):
        value = value.decode()
    return Decimal(str(value))


def _amount(text):
    return Decimal(re.sub(r'[^\d.\-]', '', text))


@pytest.mark.skip(reason="unfinished: in sao_persona.mjs the cashier does "
    "not open the appointment yet (calendar/list of Appointments)")
def test_cashier_checks_out_member(sao_server, visit, tmp_path, timed):
    """The cashier of 滨江店 finds the member of 西湖店, checks the visit out,
    pays by stored value and cash and prints the receipt with the balance
    left"""
    login = 'cashier_bj'
    lang = user_language(sao_server, login)
    card = visit['card']
    methods = dict(query(sao_server,
            'SELECT CASE WHEN salon_card THEN \'card\' ELSE \'cash\' END, '
            'name FROM sale_point_payment_method '
            'WHERE salon_card OR cash'))
    pos_action = scalar(sao_server,
        'SELECT action FROM ir_action_act_window WHERE id = (SELECT db_id '
        'FROM ir_model_data WHERE module = ? AND fs_id = ?)',
        'sale_point', 'act_sale_form')
    receipt = scalar(sao_server,
        'SELECT action FROM ir_action_report WHERE report_name = ?',
        'sale.point.sale.receipt')
    client_name = scalar(sao_server,
        'SELECT name FROM party_party WHERE id = ?', visit['client'])
    price = scalar(sao_server,
        'SELECT l.list_price FROM product_product pp '
        'JOIN product_list_price l ON l.template = pp.template '
        'WHERE pp.id = ?', visit['service'])
    card_amount = min(dec((card['balance'])),
        (dec((price)) / 2).quantize(Decimal('0.01')))
    number_label = translated_field(
        sao_server, 'salon.appointment', 'number', lang)
    seen = browse(sao_server, tmp_path, 'cashier', login=login,
        password=password(login), timezone='Asia/Shanghai',
        find_menu=menu_path(
            sao_server, 'salon_crm', 'menu_client_lookup', lang),
        number=visit['mobile'],
        appointments_menu=menu_path(
            sao_server, 'salon_booking', 'menu_appointment_form', lang),
        appointment_search='%s: "%s"' % (number_label, visit['number']),
        appointment=visit['number'],
        pos_tab=translated(sao_server, 'ir.action', 'name', pos_action,
            lang),
        client=client_name, card_method=methods['card'],
        cash_method=methods['cash'], card=card['number'],
        card_amount=str(card_amount),
        receipt=translated(sao_server, 'ir.action', 'name', receipt, lang))
    member = seen['member']
    assert member['client'] == visit['found']['name']
    assert member['home_store'] == visit['found']['home_store']
    assert "西湖店" in member['home_store']
    assert _amount(member['card_balance']) == Decimal(
        str(visit['found']['card_balance']))
    sale, = query(sao_server,
        'SELECT id, state, number, total_amount_cache FROM sale_point_sale '
        'WHERE id = (SELECT sale FROM salon_appointment WHERE id = ?)',
        visit['appointment'])
    assert sale[1] == 'done', sale
    payments = query(sao_server,
        'SELECT m.salon_card, p.amount, p.salon_card FROM '
        'sale_point_payment p JOIN sale_point_payment_method m '
        'ON m.id = p.method WHERE p.sale = ? ORDER BY p.id', sale[0])
    assert [(bool(c), dec((a))) for c, a, _ in payments] == [
        (True, card_amount),
        (False, dec((price)) - card_amount)], payments
    assert payments[0][2] == card['id']
    assert _amount(seen['rest']) == dec((price)) - card_amount
    admin = rpc(sao_server, 'admin')
    balance, = call(admin, 'salon.card', 'read', [card['id']], ['balance'])
    assert dec((balance['balance'])) == (
        dec((card['balance'])) - card_amount)
    text = _receipt_text(seen['receipt'])
    assert client_name in text
    assert sale[2] and sale[2] in text
    line = next(l for l in text.splitlines()
        if l.startswith(card['number'] + ':'))
    assert _amount(line.split(':', 1)[1]) == Decimal(
        str(balance['balance'])), line
    # the demo's cashier posts (sale_point.group_sale_point_posting)
    assert seen['post'] == 1


def translated_field(server, model, field, lang):
    "The label of the field as the user of lang reads it"
    source = scalar(server,
        'SELECT f.string FROM ir_model_field f '
        'WHERE f.model = ? AND f.name = ?', model, field)
    if lang == 'en':
        return source
    rows = query(server,
        'SELECT value FROM ir_translation WHERE name = ? AND lang = ? '
        "AND type = 'field' AND value != ''",
        '%s,%s' % (model, field), lang)
    return rows[0][0] if rows else source


@pytest.mark.skip(reason="unfinished: needs the checkout of the cashier "
    "test")
def test_accountant_finds_checkout(sao_server, visit, tmp_path, timed):
    """The accountant finds the entry of the checkout, posted by the
    manager, in the move lines and the card reconciled"""
    sale = scalar(sao_server,
        'SELECT sale FROM salon_appointment WHERE id = ?',
        visit['appointment'])
    if not sale:
        pytest.skip("the cashier's checkout did not run")
    manager = rpc(sao_server, 'manager_bj')
    call(manager, 'sale.point.sale', 'post', [sale])
    move, number = query(sao_server,
        'SELECT m.id, m.number FROM sale_point_sale s JOIN account_move m '
        'ON m.id = s.move WHERE s.id = ?', sale)[0]
    lines = query(sao_server,
        'SELECT debit, credit FROM account_move_line WHERE move = ?', move)
    lang = user_language(sao_server, 'accountant')
    actions = login_actions(sao_server, 'accountant', lang)
    lines_tab = translated(sao_server, 'ir.action', 'name', scalar(
            sao_server, 'SELECT action FROM ir_action_act_window '
            'WHERE id = (SELECT db_id FROM ir_model_data WHERE module = ? '
            'AND fs_id = ?)', 'account', 'act_move_line_form'), lang)
    assert lines_tab in actions
    seen = browse(sao_server, tmp_path, 'accountant', login='accountant',
        password=password('accountant'),
        lines_tab=lines_tab,
        lines_search='%s: "%s"' % (translated_field(
                sao_server, 'account.move.line', 'move', lang), number),
        reconciliation_menu=menu_path(sao_server, 'salon_membership',
            'menu_card_reconciliation', lang),
        all_tab="All",
        card_search='%s: "%s"' % (translated_field(
                sao_server, 'salon.card.reconciliation', 'card', lang),
            visit['card']['number']))
    assert seen['count'] == len(lines)
    total = sum(dec((d)) for d, _ in lines)
    assert total == sum(dec((c)) for _, c in lines)
    assert seen['differences'] == 0
    card_row, = seen['card']
    assert visit['card']['number'] in ' '.join(card_row)
