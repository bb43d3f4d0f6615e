# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Fixtures of the cross-addon tests: a small generated demo database."""
import contextlib
import datetime as dt
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GENERATOR = ROOT / 'scripts' / 'demo_data.py'
ADDONS = [a for a in ['salon_crm', 'salon_booking', 'salon_membership',
        'salon_stock_ext', 'salon_reports']
    if (ROOT / 'addons' / a / 'tryton.cfg').exists()]
DB = 'salon'
POSTGRESQL = os.environ.get(
    'TRYTOND_DATABASE_URI', '').startswith('postgresql')
ARGS = ['--clients', '40', '--months', '1', '--seed', '42']
PLAYWRIGHT = ROOT / '.sao' / 'tools' / 'node_modules'
CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')


def require_browser(*needed):
    """Skip, or fail in CI, when Chromium, node, playwright-core or one of
    the needed (path, what) is missing"""
    missing = []
    if not CHROMIUM:
        missing.append("chromium (apt-get install chromium)")
    if not shutil.which('node'):
        missing.append("node")
    if not (PLAYWRIGHT / 'playwright-core').is_dir():
        missing.append("playwright-core (make sao)")
    missing.extend(what for path, what in needed if not path.exists())
    if missing:
        message = "browser tests need: " + ", ".join(missing)
        if os.environ.get('CI') == 'true':
            pytest.fail(message)
        pytest.skip(message)


def env_for(path):
    env = dict(os.environ)
    # A configuration file would override the database path of the
    # environment (tests/trytond-test.conf points at /tmp).
    env.pop('TRYTOND_CONFIG', None)
    env.update({
            'TRYTOND_DATABASE_URI': 'sqlite://',
            'TRYTOND_DATABASE__PATH': str(path),
            'PYTHONWARNINGS': 'ignore::DeprecationWarning',
            })
    return env


def run(args, path, **kwargs):
    result = subprocess.run(
        args, env=env_for(path), cwd=str(path), capture_output=True,
        text=True, timeout=600, **kwargs)
    assert result.returncode == 0, (
        "%s failed:\n%s\n%s" % (
            ' '.join(map(str, args)), result.stdout[-3000:],
            result.stderr[-5000:]))
    return result.stdout


@pytest.fixture(scope='session')
def demo(tmp_path_factory):
    if POSTGRESQL:
        pytest.skip("the demo database is SQLite only (make demo)")
    "Two demo databases generated from the same seed"
    base = tmp_path_factory.mktemp('demo')
    passfile = base / 'admin.pass'
    passfile.write_text('admin\n')
    (base / ('%s.sqlite' % DB)).touch()
    env = env_for(base)
    env['TRYTONPASSFILE'] = str(passfile)
    result = subprocess.run(
        [str(BIN / 'trytond-admin'), '-d', DB, '-u', *ADDONS,
            '--activate-dependencies', '--email', 'admin@example.com'],
        env=env, cwd=str(base), capture_output=True, text=True,
        timeout=600)
    assert result.returncode == 0, result.stderr[-5000:]
    # Both generations run at once: they share nothing but the seed.
    paths, processes = [], []
    started = dt.datetime.now(dt.timezone.utc).isoformat()
    for name in ['first', 'second']:
        path = tmp_path_factory.mktemp(name)
        # the demo's today is the company's date when it starts
        (path / 'started').write_text(started)
        shutil.copy(base / ('%s.sqlite' % DB), path / ('%s.sqlite' % DB))
        processes.append(subprocess.Popen(
                [sys.executable, '-O', str(GENERATOR), '-d', DB, *ARGS],
                env=env_for(path), cwd=str(path), stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, text=True))
        paths.append(path)
    for process in processes:
        stdout, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stdout[-3000:] + stderr[-5000:]
        assert 'demo data generated' in stdout
    return paths


# The zh_CN translations of the activated modules, loaded the way
# trytond-admin -u loads them (-l alone only marks the language), and the
# store staff working in zh_CN as in make demo (trytond-admin -l zh_CN).
ZH_CN = r'''
import sys
from trytond.modules import create_graph, load_translations
from trytond.pool import Pool
from trytond.transaction import Transaction
database = sys.argv[1]
pool = Pool(database)
with Transaction().start(database, 0, readonly=True):
    pool.init()
with Transaction().start(database, 0):
    Module = pool.get('ir.module')
    Lang = pool.get('ir.lang')
    User = pool.get('res.user')
    names = {m.name for m in Module.search([('state', '=', 'activated')])}
    for node in create_graph(names):
        load_translations(pool, node, ['zh_CN'])
    zh_cn, = Lang.search([('code', '=', 'zh_CN')])
    Lang.write([zh_cn], {'translatable': True})
    staff = User.search(['OR', ('login', 'like', 'manager_%'),
            ('login', 'like', 'cashier_%'), ('login', 'like', 'stylist_%')])
    User.write(staff, {'language': zh_cn.id})
    print(len(staff))
'''


@pytest.fixture(scope='session')
def sao_demo(demo, tmp_path_factory):
    """A copy of the first demo database for the sao tests, which change
    it, with zh_CN loaded for the store staff"""
    path = tmp_path_factory.mktemp('sao_demo')
    for name in ['%s.sqlite' % DB, 'started']:
        shutil.copy(demo[0] / name, path / name)
    run([sys.executable, '-c', ZH_CN, DB], path)
    return path


@contextlib.contextmanager
def serve_sao(path, directory):
    """Run trytond serving sao and the demo database of path on a free
    port; yield what the tests need of it"""
    from rpc_tools import free_port
    sao = ROOT / '.sao' / 'tryton-sao'
    require_browser((sao / 'index.html', "sao (make sao)"))
    port = free_port()
    conf = directory / 'trytond.conf'
    conf.write_text(
        "[web]\nlisten = 127.0.0.1:%s\nroot = %s\n"
        "[database]\npath = %s\n" % (port, sao, path))
    log = open(conf.with_suffix('.log'), 'w')
    process = subprocess.Popen(
        [str(BIN / 'trytond'), '-c', str(conf), '-d', DB],
        env=env_for(path), cwd=str(path),
        stdout=log, stderr=subprocess.STDOUT, text=True)
    url = 'http://127.0.0.1:%s/' % port
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    assert b'sao' in response.read().lower()
                break
            except OSError:
                if (process.poll() is not None
                        or time.monotonic() > deadline):
                    raise AssertionError("trytond did not serve sao: "
                        + conf.with_suffix('.log').read_text()[-3000:])
                time.sleep(1)
        yield {'url': url, 'port': port, 'path': path,
            'log': conf.with_suffix('.log')}
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture(scope='session')
def sao_server(sao_demo, tmp_path_factory):
    "trytond serving sao and the copy of the demo on a free port"
    with serve_sao(sao_demo, tmp_path_factory.mktemp('sao_server')) as server:
        yield server
