# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Test databases made from the cached database of the modules alone.

Activating the salon modules takes minutes on PostgreSQL.  The unit tests
leave a cached database of each module (DB_CACHE); the scenarios and the
tests in another language start from it instead of activating the modules
again."""
from proteus import config as pconfig
from trytond import backend
from trytond.pool import Pool
from trytond.tests import tools
from trytond.tests.test_tryton import (
    DB_NAME, activate_module, backup_db_cache, db_exist, drop_db,
    restore_db_cache)
from trytond.transaction import Transaction


class ModuleDatabaseMixin:
    """The database of a ModuleTestCase: module activated (from the cache)
    before the test case and dropped after it, without the generic checks
    of ModuleTestCase, which the module's test_module runs once.  Put it
    before unittest.TestCase."""
    module = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        drop_db()
        activate_module(cls.module)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        drop_db()


def _free_database():
    """Close the connections to the test database before it is restored
    from a template: trytond drops it then without closing them (unlike
    drop_db), and PostgreSQL refuses to drop a database in use (seen once:
    "being accessed by other users")"""
    if backend.name != 'postgresql' or not db_exist(DB_NAME):
        return
    backend.Database(DB_NAME).close()
    with Transaction().start(
            None, 0, close=True, autocommit=True) as transaction:
        cursor = transaction.connection.cursor()
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()", (DB_NAME,))


def activate_modules(modules, *setup):
    """trytond.tests.tools.activate_modules, but when the database of the
    modules with the setup is not cached yet, it starts from the cached
    database of the modules alone"""
    if isinstance(modules, str):
        modules = [modules]
    if setup:
        _free_database()
        name = '-'.join(sorted(modules))
        with_setup = name + '--' + '|'.join(
            tools._func_name(f) for f in setup)
        if restore_db_cache(with_setup):
            return pconfig.set_trytond()
        if restore_db_cache(name):
            config = pconfig.set_trytond()
            for func in setup:
                func(config=config)
            backup_db_cache(with_setup)
            return config
    return tools.activate_modules(modules, *setup)


def use_language(code):
    """Make code the language of the database and of its users, with the
    translations of the activated modules loaded (in a transaction)"""
    pool = Pool()
    Configuration = pool.get('ir.configuration')
    Lang = pool.get('ir.lang')
    User = pool.get('res.user')
    language, = Lang.search([('code', '=', code)])
    Lang.load_translations([language])
    configuration = Configuration(1)
    configuration.language = code
    configuration.save()
    User.write(User.search([('login', '!=', 'root')]), {
            'language': language.id,
            })
