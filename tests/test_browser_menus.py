# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""sao in real Chromium on the small demo: HQ opens every menu entry of
the salon addons by clicking it in the menu, switches each window through
its views (list, form, calendar, graph) and no entry shows a JavaScript
error or an error dialog."""
import json
import os
import sqlite3
import subprocess
import time

import pytest

from conftest import CHROMIUM, DB, PLAYWRIGHT, ROOT
from rpc_tools import JSONRPC

SCRIPT = ROOT / 'tests' / 'browser' / 'sao_menus.mjs'

pytestmark = pytest.mark.skipif(
    os.environ.get('TRYTOND_DATABASE_URI', '').startswith('postgresql'),
    reason="the browser tests run in the SQLite pass")


def menu_entries(path, port, login, password):
    """The menu entries of the salon addons with an action the user sees:
    [{id, path, model, action, views}] in the order of the menu"""
    with sqlite3.connect(str(path / ('%s.sqlite' % DB))) as connection:
        cursor = connection.cursor()
        cursor.execute(
            "SELECT db_id FROM ir_model_data "
            "WHERE model = 'ir.ui.menu' AND module LIKE 'salon_%'")
        ids = [r[0] for r in cursor.fetchall()]
        # the views of the windows, in their order
        cursor.execute(
            'SELECT w.action, v.type FROM ir_action_act_window w '
            'JOIN ir_action_act_window_view wv ON wv.act_window = w.id '
            'JOIN ir_ui_view v ON v.id = wv.view '
            'WHERE wv.active ORDER BY w.id, wv.sequence, wv.id')
        views = {}
        for action, type_ in cursor.fetchall():
            views.setdefault(action, []).append(type_)
        cursor.execute('SELECT action, res_model FROM ir_action_act_window')
        models = dict(cursor.fetchall())
        cursor.execute('SELECT id, type FROM ir_action')
        types = dict(cursor.fetchall())
    rpc = JSONRPC(port, DB, login, password).login()
    # the user's menu: ir.ui.menu hides the entries of other groups
    menus = [m for m in rpc.model('ir.ui.menu', 'search_read',
            [('id', 'in', ids)], 0, None, None,
            ['complete_name', 'action'])['result'] if m['action']]
    entries = []
    for menu in menus:
        _, action_id = menu['action'].split(',')
        # ir.action.act_window ids differ from their ir.action ids
        action = int(action_id)
        kind = menu['action'].split(',')[0]
        with sqlite3.connect(str(path / ('%s.sqlite' % DB))) as connection:
            base, = connection.execute(
                'SELECT action FROM "%s" WHERE id = ?' % kind.replace(
                    '.', '_'), (action,)).fetchone()
        entries.append({
                'id': menu['id'],
                'path': menu['complete_name'].split(' / '),
                'type': types[base],
                'model': models.get(base),
                'views': views.get(base, ['tree', 'form'])
                if types[base] == 'ir.action.act_window' else [],
                })
    return entries


def test_hq_opens_every_menu_entry(sao_server, tmp_path):
    "HQ opens every salon menu entry and each view of its windows"
    started = time.monotonic()
    entries = menu_entries(
        sao_server['path'], sao_server['port'], 'hq', 'demo-hq')
    assert len(entries) > 20
    spec = tmp_path / 'entries.json'
    spec.write_text(json.dumps(entries))
    env = dict(os.environ, PLAYWRIGHT_DIR=str(PLAYWRIGHT), CHROMIUM=CHROMIUM)
    result = subprocess.run(
        ['node', str(SCRIPT), sao_server['url'], DB, 'hq', 'demo-hq',
            str(spec), str(tmp_path)],
        env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-5000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    print("\n%d menu entries, %d views opened in %.0fs" % (
            seen['entries'], seen['views'], time.monotonic() - started))
    if seen['skipped']:
        print("no record to show nor create: " + ', '.join(seen['skipped']))
    assert seen['failures'] == [], json.dumps(
        seen['failures'], ensure_ascii=False, indent=1)
    assert seen['entries'] == len(entries)
    assert seen['views'] + len(seen['skipped']) == sum(
        max(len(e['views']), 1) for e in entries)
