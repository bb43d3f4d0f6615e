# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""sao, the web client, in real Chromium against the small demo database:
each role logs in and its home opens on the clients it may see."""
import json
import os
import sqlite3
import subprocess

import pytest

from conftest import CHROMIUM, PLAYWRIGHT, DB, ROOT, serve_sao

SCRIPT = ROOT / 'tests' / 'browser' / 'sao_session.mjs'

pytestmark = pytest.mark.skipif(
    os.environ.get('TRYTOND_DATABASE_URI', '').startswith('postgresql'),
    reason="the browser tests run in the SQLite pass")


@pytest.fixture(scope='module')
def server(demo, tmp_path_factory):
    "trytond serving sao and the demo database on a free port"
    with serve_sao(demo[0], tmp_path_factory.mktemp('sao')) as running:
        yield running['url'], running['path']


def _session(url, login, tab, shot):
    env = dict(os.environ, PLAYWRIGHT_DIR=str(PLAYWRIGHT), CHROMIUM=CHROMIUM)
    result = subprocess.run(
        ['node', str(SCRIPT), url, DB, login, 'demo-' + login, tab,
            str(shot)],
        env=env, capture_output=True, text=True, timeout=420)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _count(path, query, *args):
    with sqlite3.connect(str(path / ('%s.sqlite' % DB))) as connection:
        return connection.execute(query, args).fetchone()[0]


def test_hq_sees_every_client(server, tmp_path):
    "HQ lands on the clients and the stores, and sees every client"
    url, path = server
    seen = _session(url, 'hq', "Clients", tmp_path / 'hq.png')
    assert sorted(t.split("\n")[-1] for t in seen["tabs"]) == [
        "Clients", "Stores"]
    assert seen['rows'] == _count(
        path, 'SELECT COUNT(*) FROM party_party WHERE salon_client')
    assert "Salon" in seen['menu']
    assert (tmp_path / 'hq.png').stat().st_size > 10000


def test_stylist_sees_own_clients(server, tmp_path):
    "A stylist's home lists the own clients only"
    url, path = server
    seen = _session(url, 'stylist_xh1', "Clients", tmp_path / 'st.png')
    own = _count(path,
        'SELECT COUNT(*) FROM party_party p '
        'JOIN res_user u ON u.employee = p.salon_stylist '
        'WHERE u.login = ? AND p.salon_client', 'stylist_xh1')
    total = _count(
        path, 'SELECT COUNT(*) FROM party_party WHERE salon_client')
    assert 0 < own < total
    assert seen['rows'] == own


def test_cashier_sees_store_clients(server, tmp_path):
    "A cashier sees the clients of the own store"
    url, path = server
    seen = _session(url, 'cashier_xh', "Clients", tmp_path / 'ca.png')
    assert seen['rows'] == _count(path,
        'SELECT COUNT(*) FROM party_party p WHERE p.salon_client '
        'AND p.salon_home_store IN (SELECT us.store '
        'FROM "res_user-salon_store" us JOIN res_user u ON u.id = us.user '
        'WHERE u.login = ?)', 'cashier_xh')
