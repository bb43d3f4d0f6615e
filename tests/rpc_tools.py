# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""What the tests against running trytond servers share: a PostgreSQL
database with an addon activated, the servers on free ports and a small
JSON-RPC client with a session."""
import base64
import datetime as dt
import decimal
import hashlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

URI = os.environ.get(
    'TRYTOND_DATABASE_URI', 'postgresql://postgres@127.0.0.1:5432/')
# In CI, make test runs the whole suite on SQLite then on PostgreSQL: the
# server tests, PostgreSQL only, run once, in the PostgreSQL pass.
SQLITE_PASS = not URI.startswith('postgresql')
if SQLITE_PASS:
    URI = 'postgresql://postgres@127.0.0.1:5432/'
BIN = Path(sys.executable).parent
CI = os.environ.get('CI', '').lower() in {'1', 'true', 'yes'}
PASSWORD = 'admin-rpc-tests'


def _connect(dbname='postgres', **kwargs):
    import psycopg
    url = urlparse(URI)
    return psycopg.connect(
        host=url.hostname or '127.0.0.1', port=url.port or 5432,
        user=url.username or 'postgres', password=url.password,
        dbname=dbname, **kwargs)


def postgresql_available():
    try:
        connection = _connect(connect_timeout=3)
    except Exception:
        return False
    connection.close()
    return True


def require_postgresql(testcase):
    """Fail in CI, skip elsewhere, when PostgreSQL is not reachable; in the
    SQLite pass of CI, skip: the PostgreSQL pass runs the test"""
    if CI and SQLITE_PASS:
        testcase.skipTest("runs in the PostgreSQL pass of make test")
    if not postgresql_available():
        if CI:
            testcase.fail("PostgreSQL is required in CI (%s)" % URI)
        testcase.skipTest("PostgreSQL is not available")


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _template(module):
    "The name of the database the module tests cache on PostgreSQL"
    # trytond.tests.test_tryton._db_cache_file with DB_CACHE=postgresql://
    return 'test-' + hashlib.shake_128(module.encode()).hexdigest(20)


def create_database(name, module, config_file):
    """Create the database name with module activated and the admin
    password PASSWORD.  The template the module tests left on the server
    (make test runs them first) is copied when it exists; otherwise the
    module is activated, which takes minutes."""
    template = _template(module)
    connection = _connect(autocommit=True)
    with connection.cursor() as cursor:
        cursor.execute('DROP DATABASE IF EXISTS "%s"' % name)
        cursor.execute(
            'SELECT 1 FROM pg_database WHERE datname = %s', (template,))
        if cursor.fetchone():
            cursor.execute('CREATE DATABASE "%s" TEMPLATE "%s"' % (
                    name, template))
            args = []
        else:
            cursor.execute('CREATE DATABASE "%s"' % name)
            args = ['--all', '-u', module, '--activate-dependencies']
    connection.close()
    with tempfile.NamedTemporaryFile('w', delete=False) as passfile:
        passfile.write(PASSWORD)
    try:
        env = dict(os.environ, TRYTONPASSFILE=passfile.name,
            TRYTOND_DATABASE__URI=URI)
        result = subprocess.run([str(BIN / 'trytond-admin'),
                '-c', config_file, '-d', name, *args, '-p',
                '--email', 'admin@example.com'],
            env=env, capture_output=True, text=True)
        if result.returncode:
            raise RuntimeError("trytond-admin failed on %s:\n%s" % (
                    name, result.stderr[-3000:]))
    finally:
        os.unlink(passfile.name)


def drop_database(name):
    connection = _connect(autocommit=True)
    with connection.cursor() as cursor:
        cursor.execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)
    connection.close()


def run_script(script, database, config_file):
    """Run the proteus script in a child process with the database and
    the configuration file as arguments; return the JSON it prints last"""
    result = subprocess.run(
        [sys.executable, '-c', script, database, config_file],
        env=dict(os.environ, TRYTOND_DATABASE__URI=URI),
        capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError("the set-up script failed:\n%s" % (
                result.stderr[-3000:]))
    return json.loads(result.stdout.strip().splitlines()[-1])


class Servers:
    "trytond processes on free ports serving one database"

    def __init__(self, database, count, directory):
        self.database = database
        self.ports = [free_port() for _ in range(count)]
        self.config_files = []
        for port in self.ports:
            path = os.path.join(directory, 'trytond-%s.conf' % port)
            with open(path, 'w') as file:
                # many clients wait on the same row lock: let them retry
                file.write('[database]\nuri = %s\nretry = 100\n' % URI)
                file.write('[web]\nlisten = 127.0.0.1:%s\n' % port)
                file.write('[session]\nmax_attempt = 100\n')
            self.config_files.append(path)
        self.processes = [None] * count
        self.logs = [None] * count

    def start(self, index=None):
        indexes = range(len(self.ports)) if index is None else [index]
        for i in indexes:
            self.logs[i] = open(self.config_files[i] + '.log', 'a')
            self.processes[i] = subprocess.Popen(
                [str(BIN / 'trytond'), '-c', self.config_files[i],
                    '-d', self.database],
                stdout=self.logs[i], stderr=subprocess.STDOUT,
                env=dict(os.environ, TRYTOND_DATABASE__URI=URI))
        for i in indexes:
            for _ in range(240):
                try:
                    with socket.create_connection(
                            ('127.0.0.1', self.ports[i]), 1):
                        break
                except OSError:
                    time.sleep(0.5)
            else:
                raise RuntimeError(
                    "trytond did not listen on %s" % self.ports[i])

    def kill(self, index):
        "SIGKILL the server: no chance to finish what it is doing"
        self.processes[index].kill()
        self.processes[index].wait(30)
        self.logs[index].close()

    def stop(self):
        for process, log in zip(self.processes, self.logs):
            if process and process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
            if log:
                log.close()


def encode(value):
    if isinstance(value, dt.datetime):
        return {'__class__': 'datetime', 'year': value.year,
            'month': value.month, 'day': value.day, 'hour': value.hour,
            'minute': value.minute, 'second': value.second,
            'microsecond': value.microsecond}
    if isinstance(value, dt.date):
        return {'__class__': 'date', 'year': value.year,
            'month': value.month, 'day': value.day}
    if isinstance(value, decimal.Decimal):
        return {'__class__': 'Decimal', 'decimal': str(value)}
    raise TypeError(value)


def decode(value):
    if value.get('__class__') == 'Decimal':
        return decimal.Decimal(value['decimal'])
    return value


class JSONRPC:
    "A JSON-RPC client of one database with a session"

    def __init__(self, port, database, login='admin', password=PASSWORD):
        self.url = 'http://127.0.0.1:%s/%s/rpc/' % (port, database)
        self.login_name, self.password = login, password
        self.authorization = None
        self.context = {}

    def __call__(self, method, *params, timeout=120):
        """Return the answer: a dict with 'result' or 'error'"""
        data = json.dumps({'id': 1, 'method': method, 'params': params},
            default=encode).encode()
        request = urllib.request.Request(self.url, data=data, headers={
                'Content-Type': 'application/json'})
        if self.authorization:
            request.add_header('Authorization', self.authorization)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read(), object_hook=decode)

    def login(self):
        result = self('common.db.login', self.login_name,
            {'password': self.password}, 'en')['result']
        user_id, session = result[0], result[1]
        token = base64.b64encode(('%s:%s:%s' % (
                    self.login_name, user_id, session)).encode()).decode()
        self.authorization = 'Session ' + token
        self.context = self(
            'model.res.user.get_preferences', True, {})['result']
        return self

    def model(self, model, method, *args):
        "Call the method of the model with the session's context"
        return self('model.%s.%s' % (model, method), *args, self.context)
