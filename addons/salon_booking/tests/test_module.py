# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond import backend
from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.salon_crm.tests.database import AddonCacheMixin
from trytond.modules.salon_crm.tests.views import SaoViewsTestMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction, check_access

from .setup_booking import setup_booking


class SalonBookingTestCase(
        AddonCacheMixin, SaoViewsTestMixin, CompanyTestMixin,
        ModuleTestCase):
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

    @with_transaction()
    def test_book_access(self):
        "Reception books a confirmed appointment, a stylist may not book"
        pool = Pool()
        Appointment = pool.get('salon.appointment')
        ModelData = pool.get('ir.model.data')
        User = pool.get('res.user')
        transaction = Transaction()
        company = create_company()
        with set_company(company):
            setup = setup_booking(company)
            client = setup.client("Ann", salon_stylist=setup.employee.id)

            def user(login, group):
                user, = User.create([{
                            'login': login, 'name': login,
                            'companies': [('add', [company.id])],
                            'company': company.id,
                            'employees': [('add', [setup.employee.id])],
                            'employee': setup.employee.id,
                            'groups': [('add', [
                                        ModelData.get_id('salon_crm', group)])],
                            'salon_stores': [('add', [setup.store.id])],
                            }])
                return user

            def book(user):
                with transaction.set_user(user.id), check_access():
                    return Appointment.book(client.id, setup.store.id,
                        [setup.cut.id], setup.at(10))

            stylist = user('stylist', 'group_salon_stylist')
            with self.assertRaises(AccessError):
                book(stylist)
            self.assertFalse(Appointment.search([]))
            appointment = Appointment(
                book(user('reception', 'group_salon_reception')))
            self.assertEqual(appointment.state, 'confirmed')
            self.assertEqual(appointment.employee, setup.employee)
            # the confirmation is logged as the transition of book's
            # appointment, not as a click of the Confirm button
            logs = {(l.resource, l.event, l.target)
                for l in transaction.log_records}
            self.assertIn(
                (appointment, 'transition', 'state:confirmed'), logs)
            self.assertNotIn((appointment, 'button', 'confirm'), logs)


del ModuleTestCase
