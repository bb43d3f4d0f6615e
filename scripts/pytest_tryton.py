# pytest plugin: run Tryton's scenario_*.rst doctests as pytest items, and
# read the foreign keys' delete rules from pg_catalog (see below).
#
# Plain pytest ignores Tryton's load_tests hooks and --doctest-glob loses
# Tryton's checker and teardown (drop of the test database), so each
# scenario is collected here and run through the same DocFileSuite
# arguments as trytond.tests.test_tryton.load_doc_tests.
import doctest
import os
import unittest

import pytest


# The ON DELETE rules of a table's foreign keys, as trytond's PostgreSQL
# TableHandler._fk_deltypes reads them from information_schema: the same
# rows from pg_catalog.
FK_DELTYPES = (
    "SELECT c.conname, a.attname, CASE c.confdeltype "
    "WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' "
    "WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' "
    "WHEN 'd' THEN 'SET DEFAULT' END "
    "FROM pg_constraint AS c "
    "JOIN pg_class AS t ON t.oid = c.conrelid "
    "JOIN pg_namespace AS n ON n.oid = t.relnamespace "
    "JOIN pg_attribute AS a "
    "ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) "
    "WHERE c.contype = 'f' AND t.relname = %s AND n.nspname = %s")


def pytest_configure(config):
    """On PostgreSQL, activating a module asks information_schema for the
    delete rules of a table's foreign keys each time it adds one; in a
    database of the salon addons (360 tables) that query takes 2.4 s on
    PostgreSQL 15, against 2 ms for the same rows from pg_catalog, and it
    was most of the minutes each test database took to build.  The tests
    build their databases with the pg_catalog query; the schema is the
    same."""
    if not os.environ.get('TRYTOND_DATABASE_URI', '').startswith(
            'postgresql'):
        return
    from trytond.backend.postgresql.table import TableHandler
    from trytond.transaction import Transaction

    def _fk_deltypes(self):
        if self._TableHandler__fk_deltypes is None:
            cursor = Transaction().connection.cursor()
            cursor.execute(FK_DELTYPES, (self.table_name, self.table_schema))
            self._TableHandler__fk_deltypes = {
                r[:2]: r[2] for r in cursor}
        return self._TableHandler__fk_deltypes
    TableHandler._fk_deltypes = property(_fk_deltypes)


def pytest_collect_file(file_path, parent):
    if (file_path.suffix == '.rst'
            and file_path.name.startswith('scenario_')
            and file_path.parent.name == 'tests'):
        return ScenarioFile.from_parent(parent, path=file_path)


class ScenarioFile(pytest.File):

    def collect(self):
        yield ScenarioItem.from_parent(self, name=self.path.name)


class ScenarioFailure(Exception):
    pass


class ScenarioItem(pytest.Item):

    def runtest(self):
        from trytond import backend
        from trytond.tests.test_tryton import (
            STRIP_DECIMAL, doctest_checker, doctest_setup, doctest_teardown)
        optionflags = (
            doctest.REPORT_ONLY_FIRST_FAILURE
            | doctest.ELLIPSIS
            | doctest.IGNORE_EXCEPTION_DETAIL)
        if backend.name == 'sqlite':
            optionflags |= STRIP_DECIMAL
        suite = doctest.DocFileSuite(
            os.fspath(self.path), module_relative=False,
            setUp=doctest_setup, tearDown=doctest_teardown,
            encoding='utf-8', checker=doctest_checker,
            optionflags=optionflags)
        result = unittest.TestResult()
        suite.run(result)
        problems = result.failures + result.errors
        if problems:
            raise ScenarioFailure('\n'.join(text for _, text in problems))
        if not result.testsRun:
            raise ScenarioFailure("scenario ran no example")

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, ScenarioFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f"scenario: {self.name}"
