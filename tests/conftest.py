# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Fixtures of the cross-addon tests: a small generated demo database."""
import datetime as dt
import os
import shutil
import subprocess
import sys
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
