# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime as dt
import unittest

from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.salon_crm.tests.database import ModuleDatabaseMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction

from .setup_booking import setup_booking


class SalonWaitlistTestCase(ModuleDatabaseMixin, unittest.TestCase):
    "Test the waitlist of salon_booking"
    module = 'salon_booking'

    def _wait(self, s, client, services, start, end, employee=None):
        Waitlist = Pool().get('salon.waitlist')
        entry, = Waitlist.create([{
                    'client': client.id, 'store': s.store.id,
                    'services': [('add', [p.id for p in services])],
                    'employee': employee.id if employee else None,
                    'window_start': start, 'window_end': end,
                    }])
        return entry

    @with_transaction()
    def test_cancel_offers_first_waiting_client(self):
        "A cancelled slot is offered to the oldest fitting entry only"
        pool = Pool()
        Appointment = pool.get('salon.appointment')
        Waitlist = pool.get('salon.waitlist')
        Outbox = pool.get('salon.outbox')
        company = create_company()
        with set_company(company):
            s = setup_booking(company)
            guo = s.client("Guo", 'guo@example.com')
            booked = Appointment(Appointment.book(
                    guo.id, s.store.id, [s.cut.id], s.at(10),
                    s.employee.id))
            other = s.client("Other", 'other@example.com')
            colour_only = self._wait(
                s, other, [s.colour], s.at(9), s.at(13))
            first = s.client("First", 'first@example.com')
            second = s.client("Second", 'second@example.com')
            late = s.client("Late", 'late@example.com')
            entry1 = self._wait(s, first, [s.cut], s.at(9), s.at(12))
            entry2 = self._wait(s, second, [s.cut], s.at(9), s.at(12))
            # a window ending before the service would end does not fit
            too_short = self._wait(
                s, late, [s.cut], s.at(9), s.at(10, 30))

            Appointment.cancel([booked])

            entry1, entry2, colour_only, too_short = Waitlist.browse(
                [entry1, entry2, colour_only, too_short])
            self.assertEqual(entry1.state, 'offered')
            self.assertEqual(entry1.offered_start, s.at(10))
            self.assertEqual(entry1.offered_employee, s.employee)
            self.assertEqual(
                [e.state for e in [entry2, colour_only, too_short]],
                ['waiting'] * 3)
            offer, = Outbox.search([('kind', '=', 'waitlist_offer')])
            self.assertEqual(offer.recipient, 'first@example.com')
            self.assertEqual(offer.waitlist, entry1)
            self.assertEqual(offer.state, 'queued')
            self.assertIn("First", offer.body)
            self.assertIn(
                s.day.strftime('%Y-%m-%d') + ' 10:00', offer.body)

            Waitlist.accept([entry1])

            self.assertEqual(entry1.state, 'booked')
            appointment = entry1.appointment
            self.assertEqual(appointment.state, 'confirmed')
            self.assertEqual(appointment.client, first)
            self.assertEqual(appointment.start, s.at(10))
            self.assertEqual(
                [l.product for l in appointment.lines], [s.cut])

            # the slot is taken again: a second cancel offers to the next
            Appointment.cancel([appointment])
            entry2 = Waitlist(entry2.id)
            self.assertEqual(entry2.state, 'offered')
            self.assertEqual(
                Outbox.search([
                        ('kind', '=', 'waitlist_offer'),
                        ('party', '=', second.id)], count=True), 1)

    @with_transaction()
    def test_offer_needs_a_free_slot(self):
        "No offer when the freed slot is still taken for the entry"
        pool = Pool()
        Appointment = pool.get('salon.appointment')
        Waitlist = pool.get('salon.waitlist')
        company = create_company()
        with set_company(company):
            s = setup_booking(company, employees=("Wang", "Li"))
            wang, li = s.employees
            guo = s.client("Guo")
            zhang = s.client("Zhang")
            booked = Appointment(Appointment.book(
                    guo.id, s.store.id, [s.cut.id], s.at(10), wang.id))
            Appointment.book(
                zhang.id, s.store.id, [s.cut.id], s.at(10), li.id)
            # wants Li, who is still busy at 10:00
            entry = self._wait(
                s, s.client("Wants Li"), [s.cut], s.at(9), s.at(12), li)

            Appointment.cancel([booked])

            self.assertEqual(Waitlist(entry.id).state, 'waiting')

    @with_transaction()
    def test_waitlist_bad_input(self):
        "Bad windows and past offers are refused with a message"
        pool = Pool()
        Waitlist = pool.get('salon.waitlist')
        company = create_company()
        with set_company(company):
            s = setup_booking(company)
            client = s.client("Guo")
            with self.assertRaisesRegex(
                    ValidationError, "must end after it starts"):
                self._wait(s, client, [s.cut], s.at(12), s.at(10))
            with self.assertRaisesRegex(
                    ValidationError, "at least one service"):
                self._wait(s, client, [], s.at(10), s.at(12))
            entry = self._wait(s, client, [s.cut], s.at(10), s.at(12))
            entry.state = 'offered'
            entry.offered_start = s.at(10, day=dt.date.today()
                - dt.timedelta(days=1))
            entry.save()
            with self.assertRaisesRegex(ValidationError, "has passed"):
                Waitlist.accept([entry])

    @with_transaction()
    def test_waitlist_expire(self):
        "The entries whose window has passed expire"
        pool = Pool()
        Waitlist = pool.get('salon.waitlist')
        company = create_company()
        with set_company(company):
            s = setup_booking(company)
            entry = self._wait(
                s, s.client("Guo"), [s.cut], s.at(10), s.at(12))
            self.assertEqual(Waitlist.expire(), [])
            expired = Waitlist.expire(now=s.at(13))
            self.assertEqual(expired, [entry])
            self.assertEqual(Waitlist(entry.id).state, 'expired')


