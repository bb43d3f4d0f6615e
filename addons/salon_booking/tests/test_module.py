# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond import backend
from trytond.modules.company.tests import CompanyTestMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction


class SalonBookingTestCase(CompanyTestMixin, ModuleTestCase):
    "Test salon_booking module"
    module = 'salon_booking'

    @with_transaction()
    def test_exclusion_constraints(self):
        "The invariant is held by the database on PostgreSQL"
        pool = Pool()
        Busy = pool.get('salon.appointment.busy')
        Shift = pool.get('salon.shift')
        if backend.name != 'postgresql':
            self.assertFalse(Busy.guarded_by_database())
            return
        self.assertTrue(Busy.guarded_by_database())
        cursor = Transaction().connection.cursor()
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'x' "
            "AND conrelid IN (%s::regclass, %s::regclass)",
            (Busy._table, Shift._table))
        self.assertEqual(
            {n for n, in cursor}, {
                'salon_appointment_busy_employee_overlap',
                'salon_appointment_busy_room_overlap',
                'salon_shift_employee_overlap'})


del ModuleTestCase
