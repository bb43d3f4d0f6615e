# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The public online booking page in real Chromium, in zh_CN, against a
trytond server on a fresh SQLite database with salon_booking: a bad phone
and a time taken meanwhile are refused with translated messages, then the
booking is confirmed; a past time and too many bookings are refused over
HTTP; no client data ever reaches the page."""
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from zoneinfo import ZoneInfo

import pytest

from conftest import (
    BIN, CHROMIUM, PLAYWRIGHT, ROOT, env_for, require_browser)
from rpc_tools import free_port

SCRIPT = ROOT / 'tests' / 'browser' / 'online_booking.mjs'
DB = 'online'
TZ = ZoneInfo('Asia/Shanghai')
CLIENT = ["郭晓燕", "13800138000", "对氨水过敏"]

pytestmark = pytest.mark.skipif(
    os.environ.get('TRYTOND_DATABASE_URI', '').startswith('postgresql'),
    reason="the browser tests run in the SQLite pass")

SETUP = r'''
import datetime as dt, json, sys
from decimal import Decimal
from zoneinfo import ZoneInfo
from proteus import Model, config as pconfig
from trytond.modules.company.tests.tools import create_company
from trytond.modules.salon_crm.tests.tools import (
    create_store, create_employee, create_client)
pconfig.set_trytond(sys.argv[1])
create_company()
Template = Model.get('product.template')
ModelData = Model.get('ir.model.data')
Uom = Model.get('product.uom')
Shift = Model.get('salon.shift')
store = create_store("西湖店", 'XH', 'Asia/Shanghai')
store.online_booking = True
store.save()
create_store("总部", 'HQ', 'Asia/Shanghai')
employee = create_employee(store, "王磊")
unit = Uom(ModelData.get_id('product', 'uom_unit', {}))
template = Template(name="剪发", default_uom=unit, type='service',
    list_price=Decimal(88))
template.salon_service = True
template.salon_online = True
template.salon_duration = 60
template.save()
hidden = Template(name="秘密染发", default_uom=unit, type='service',
    list_price=Decimal(388))
hidden.salon_service = True
hidden.salon_duration = 60
hidden.save()
create_client("郭晓燕", phone='+8613800138000', store=store,
    salon_allergies="对氨水过敏")
tz = ZoneInfo('Asia/Shanghai')
for days in range(1, 4):
    day = dt.datetime.now(tz).date() + dt.timedelta(days=days)
    start, end = (dt.datetime.combine(day, dt.time(h)).replace(
            tzinfo=tz).astimezone(dt.timezone.utc).replace(tzinfo=None)
        for h in (9, 18))
    Shift(employee=employee, store=store, start=start, end=end).save()
print(json.dumps({'store': store.id, 'service': template.products[0].id}))
'''


def _run(args, path, env):
    result = subprocess.run(
        args, env=env, cwd=str(path), capture_output=True, text=True,
        timeout=900)
    assert result.returncode == 0, (
        result.stdout[-3000:] + result.stderr[-5000:])
    return result.stdout


@pytest.fixture(scope='module')
def server(tmp_path_factory):
    "trytond serving a database with one online store, in zh_CN"
    require_browser()
    path = tmp_path_factory.mktemp('online')
    passfile = path / 'admin.pass'
    passfile.write_text('admin\n')
    (path / ('%s.sqlite' % DB)).touch()
    env = env_for(path)
    env['TRYTONPASSFILE'] = str(passfile)
    _run([str(BIN / 'trytond-admin'), '-d', DB, '-u', 'salon_booking',
            '--activate-dependencies', '--email', 'admin@example.com',
            '-l', 'zh_CN'], path, env)
    ids = json.loads(_run(
            [sys.executable, '-c', SETUP, DB], path, env).splitlines()[-1])
    port = free_port()
    conf = path / 'trytond.conf'
    conf.write_text(
        "[web]\nlisten = 127.0.0.1:%s\n"
        "[database]\npath = %s\n"
        "[salon_booking]\nonline_bookings_per_ip = 6\n" % (port, path))
    process = subprocess.Popen(
        [str(BIN / 'trytond'), '-c', str(conf), '-d', DB],
        env=env_for(path), cwd=str(path),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = 'http://127.0.0.1:%s/%s/salon/book' % (port, DB)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    assert response.status == 200
                break
            except OSError:
                if (process.poll() is not None
                        or time.monotonic() > deadline):
                    raise AssertionError(
                        "trytond did not serve the page: "
                        + process.stderr.read()[-3000:])
                time.sleep(1)
        yield url, path, ids
    finally:
        process.terminate()
        process.wait(timeout=30)


def _post(url, data):
    request = urllib.request.Request(
        url + '/appointments', data=json.dumps(data).encode(),
        headers={'Content-Type': 'application/json',
            'Accept-Language': 'zh-CN,zh;q=0.9'})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _query(path, query, *args):
    with sqlite3.connect(str(path / ('%s.sqlite' % DB))) as connection:
        return connection.execute(query, args).fetchall()


def test_book_in_zh_cn(server, tmp_path):
    "A client books in Chinese: errors are clear, the booking confirmed"
    url, path, ids = server
    day = (dt.datetime.now(TZ) + dt.timedelta(days=2)).date().isoformat()
    env = dict(os.environ, PLAYWRIGHT_DIR=str(PLAYWRIGHT), CHROMIUM=CHROMIUM)
    result = subprocess.run(
        ['node', str(SCRIPT), url, day, "王磊", str(tmp_path / 'book.png')],
        env=env, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])

    assert seen['console'] == []
    assert seen['lang'] == 'zh-CN'
    assert seen['title'] == "在线预约"
    # the chosen day's times stay although the answers for the day first
    # shown came after them
    assert seen['times_after_late'][:5] == [
        '09:00', '09:15', '09:30', '09:45', '10:00']
    assert seen['phone_error'] == (
        "手机号码无效，请输入正确的手机号码，例如 138 0013 8000。")
    assert seen['other_status'] == 201
    assert seen['gone_error'] == (
        "时间 %s 10:00 已被预约，请选择其他时间。" % day)
    assert '10:00' not in seen['times'] and '11:00' in seen['times']
    assert seen['confirmed'] == "您的预约已确认。"
    assert seen['when'] == "%s 11:00 (Asia/Shanghai)" % day
    assert "预约编号" in seen['text'] and seen['number'] in seen['text']
    assert (tmp_path / 'book.png').stat().st_size > 5000

    # the page and every answer it got show no client data, although the
    # booking went to the existing client found by the phone
    for text in [seen['html']] + [a['body'] for a in seen['answers']]:
        for data in CLIENT:
            assert data not in text
    [(client, source)] = _query(path,
        'SELECT p.name, a.source FROM salon_appointment a '
        'JOIN party_party p ON p.id = a.client WHERE a.number = ?',
        seen['number'])
    assert (client, source) == ("郭晓燕", 'online')
    assert [a['status'] for a in seen['answers']
        if a['url'].split('?')[0].endswith('/appointments')] == [
        400, 409, 201]


def test_past_time_and_rate_limit(server):
    "A past time is refused, then the address is limited (429)"
    url, path, ids = server
    past = dt.datetime.now(dt.timezone.utc).replace(
        tzinfo=None, microsecond=0) - dt.timedelta(hours=2)
    data = {'store': ids['store'], 'service': ids['service'],
        'stylist': 'any', 'start': past.isoformat(), 'name': "李四",
        'phone': '13700001111'}
    status, answer = _post(url, data)
    assert status == 400
    assert "已经过去，请选择更晚的时间。" in answer['error']
    # the page made 4 booking requests: 6 are allowed per address
    statuses = [_post(url, data)[0] for _ in range(6)]
    assert 429 in statuses
    limited = statuses.index(429)
    assert set(statuses[:limited]) <= {400}
    assert set(statuses[limited:]) == {429}
    status, answer = _post(url, data)
    assert (status, answer) == (
        429, {'error': "您的请求过于频繁，请几分钟后再试。"})
