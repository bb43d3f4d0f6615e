# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.tests.test_tryton import ModuleTestCase


class SalonMembershipTestCase(CompanyTestMixin, ModuleTestCase):
    "Test salon_membership module"
    module = 'salon_membership'


del ModuleTestCase
