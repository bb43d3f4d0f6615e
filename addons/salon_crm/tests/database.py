# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Test databases made from the cached database of the modules alone.

Activating the salon modules takes minutes on PostgreSQL.  The unit tests
leave a cached database of each module (DB_CACHE); the scenarios and the
tests in another language start from it instead of activating the modules
again.  The cached database of an addon is itself made from the cached
database of the salon addon it builds on, with only what it adds
activated: the host modules under salon_crm are activated once a pass."""
import os

from proteus import config as pconfig
from trytond import backend
from trytond.modules import get_module_info
from trytond.pool import Pool
from trytond.tests import tools
from trytond.tests.test_tryton import (
    DB_CACHE, DB_NAME, _db_cache_file, activate_module, backup_db_cache,
    db_exist, drop_db, restore_db_cache)
from trytond.transaction import Transaction


def _salon_bases(module):
    """Return the salon addons module builds on, the one building on the
    most of them first"""
    def closure(name):
        depends = get_module_info(name)['depends']
        found = {d for d in depends if d.startswith('salon_')}
        for depend in list(found):
            found |= closure(depend)
        return found
    bases = closure(module)
    return sorted(bases, key=lambda b: (-len(closure(b)), b))


def _cached(name):
    "Tell whether the database cache of name exists"
    cache_file = _db_cache_file(DB_CACHE, name)
    if DB_CACHE.startswith('postgresql://'):
        return db_exist(cache_file[len(DB_CACHE) + 1:])
    return os.path.exists(cache_file)


def build_db_cache(module):
    """Cache the database of module (as trytond's activate_module names it)
    made by activating module in the cached database of the salon addon it
    builds on, as a chain adds an addon to its database; nothing when it is
    cached or no base is"""
    if not DB_CACHE or _cached(module):
        return
    for base in _salon_bases(module):
        if _cached(base):
            drop_db()
            restore_db_cache(base)
            # the database exists: activate_module activates module in it
            # and caches it
            activate_module(module)
            drop_db()
            return


def activate_addon(module):
    "trytond's activate_module, the database cached by build_db_cache"
    build_db_cache(module)
    activate_module(module)


class AddonCacheMixin:
    """For a ModuleTestCase of a salon addon: its database is made from the
    cached database of the salon addon it builds on (build_db_cache).  Put
    it before ModuleTestCase."""

    @classmethod
    def setUpClass(cls):
        build_db_cache(cls.module)
        super().setUpClass()


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
        activate_addon(cls.module)

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
    _free_database()
    if len(modules) == 1:
        build_db_cache(modules[0])
    if setup:
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
