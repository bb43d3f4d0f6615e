# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Mixin of the unit test cases that run on a database of their own with
salon_membership activated"""
from trytond.exceptions import UserError
from trytond.tests.test_tryton import activate_module, drop_db


class FreshModuleMixin:
    """Activate the module on a new database before the test case and drop
    the database after it (put it before unittest.TestCase)"""
    module = 'salon_membership'

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        drop_db()
        activate_module(cls.module)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        drop_db()

    def assertErrorMessage(self, text, function, *args, **kwargs):
        """Check that function(*args, **kwargs) raises a UserError whose
        message contains text"""
        with self.assertRaises(UserError) as cm:
            function(*args, **kwargs)
        self.assertIn(text, cm.exception.message)
