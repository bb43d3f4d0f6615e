# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""What the PostgreSQL benchmarks share: a database with one addon
activated by trytond-admin, reused with --reuse."""
import os
import shutil
import subprocess
import sys
import tempfile

ADMIN_PASSWORD = 'admin'


def say(msg=''):
    print(msg, flush=True)


def connect(uri, dbname, autocommit=False):
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo
    params = conninfo_to_dict(uri)
    params['dbname'] = dbname
    return psycopg.connect(make_conninfo(**params), autocommit=autocommit)


def database_state(args, module):
    "Return None if missing, False if module not activated, True if ready"
    with connect(args.uri, 'postgres', autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s",
            (args.database,)).fetchone()
    if not exists:
        return None
    with connect(args.uri, args.database) as conn:
        try:
            row = conn.execute(
                "SELECT state FROM ir_module WHERE name = %s",
                (module,)).fetchone()
        except Exception:
            return False
    return bool(row and row[0] == 'activated')


def bin_path(name):
    "The venv's script name, or the one on the PATH"
    path = os.path.join(os.path.dirname(sys.executable), name)
    return path if os.path.exists(path) else shutil.which(name)


def create_database(args, module, update=False):
    """Create the database and activate module with trytond-admin, or only
    update module (its sources may have changed) when update"""
    if not update:
        with connect(args.uri, 'postgres', autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (args.database,))
            conn.execute('DROP DATABASE IF EXISTS "%s"' % args.database)
            conn.execute('CREATE DATABASE "%s"' % args.database)
    with tempfile.NamedTemporaryFile('w', suffix='.pass') as passfile:
        passfile.write(ADMIN_PASSWORD + '\n')
        passfile.flush()
        env = dict(os.environ, TRYTONPASSFILE=passfile.name,
            TRYTOND_DATABASE_URI=args.uri, TRYTOND_DATABASE__URI=args.uri)
        command = [bin_path('trytond-admin'), '-d', args.database,
            '-u', module]
        if not update:
            command += ['--activate-dependencies',
                '--email', 'admin@example.com']
        subprocess.run(command, env=env, check=True,
            stdout=subprocess.DEVNULL)


def setup_trytond(args):
    "Point trytond of this process at the benchmark's server"
    os.environ['TRYTOND_DATABASE_URI'] = args.uri
    os.environ['TRYTOND_DATABASE__URI'] = args.uri
    from trytond import config
    config.set('database', 'uri', args.uri)
