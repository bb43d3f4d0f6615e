# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Mixin of the unit test cases that run on a database of their own with
salon_membership activated"""
from trytond.exceptions import UserError
from trytond.modules.salon_crm.tests.database import ModuleDatabaseMixin


class FreshModuleMixin(ModuleDatabaseMixin):
    """Activate the module on a new database before the test case and drop
    the database after it (put it before unittest.TestCase)"""
    module = 'salon_membership'

    def assertErrorMessage(self, text, function, *args, **kwargs):
        """Check that function(*args, **kwargs) raises a UserError whose
        message contains text"""
        with self.assertRaises(UserError) as cm:
            function(*args, **kwargs)
        self.assertIn(text, cm.exception.message)
