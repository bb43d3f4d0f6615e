# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Deposits, check-in history, rescheduled reminders, repeated
appointments and the copy of a roster week."""
import datetime as dt
import unittest
from decimal import Decimal

from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.salon_crm.tests.database import ModuleDatabaseMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction

from .setup_booking import setup_booking


class SalonVisitTestCase(ModuleDatabaseMixin, unittest.TestCase):
    "Test deposits, check-in history, reminders and repeats"
    module = 'salon_booking'

    @with_transaction()
    def test_deposit_required_after_no_shows(self):
        "A client with too many no-shows books only with a deposit"
        pool = Pool()
        Appointment = pool.get('salon.appointment')
        Configuration = pool.get('salon.configuration')
        company = create_company()
        with set_company(company):
            s = setup_booking(company)
            configuration = Configuration(1)
            configuration.deposit_no_show_threshold = 1
            configuration.save()
            client = s.client("Guo")
            missed = Appointment(Appointment.book(
                    client.id, s.store.id, [s.cut.id], s.at(9),
                    s.employee.id))
            Appointment.no_show([missed])

            with self.assertRaisesRegex(
                    UserError, r'did not show up 1 times'):
                Appointment.book(
                    client.id, s.store.id, [s.cut.id], s.at(11),
                    s.employee.id)

            booked = Appointment(Appointment.book(
                    client.id, s.store.id, [s.cut.id], s.at(13),
                    s.employee.id, deposit='30'))
            self.assertEqual(booked.state, 'confirmed')
            self.assertEqual(booked.deposit, Decimal('30'))
            with self.assertRaisesRegex(UserError, 'not an amount'):
                Appointment.book(
                    client.id, s.store.id, [s.cut.id], s.at(15),
                    s.employee.id, deposit='thirty')

            draft = Appointment(
                client=client, store=s.store, start=s.at(11),
                end=s.at(12), employee=s.employee)
            draft.lines = [pool.get('salon.appointment.line')(
                    product=s.cut, employee=s.employee, start=s.at(11),
                    end=s.at(12))]
            draft.save()
            with self.assertRaisesRegex(UserError, r'record a deposit'):
                Appointment.confirm([draft])
            draft.deposit = Decimal('-1')
            with self.assertRaisesRegex(UserError, 'negative'):
                draft.save()
            draft.deposit = Decimal('50')
            draft.save()
            Appointment.confirm([draft])
            self.assertEqual(draft.state, 'confirmed')
            self.assertEqual(draft.currency, company.currency)

            configuration.deposit_no_show_threshold = 0
            with self.assertRaisesRegex(UserError, 'at least 1'):
                configuration.save()

    @with_transaction()
    def test_checkin_last_services(self):
        "Check-in shows the last done services of the client, newest first"
        pool = Pool()
        Appointment = pool.get('salon.appointment')
        Configuration = pool.get('salon.configuration')
        company = create_company()
        with set_company(company):
            s = setup_booking(company)
            configuration = Configuration(1)
            configuration.checkin_history_lines = 2
            configuration.save()
            client = s.client("Guo")
            other = s.client("Other")
            done = []
            for hour, product in [(9, s.cut), (10, s.colour),
                    (12, s.cut)]:
                appointment = Appointment(Appointment.book(
                        client.id, s.store.id, [product.id], s.at(hour),
                        s.employee.id))
                done.append(appointment)
            Appointment.arrive(done)
            Appointment.do(done)
            visit = Appointment(Appointment.book(
                    client.id, s.store.id, [s.cut.id], s.at(14),
                    s.employee.id))
            stranger = Appointment(Appointment.book(
                    other.id, s.store.id, [s.cut.id], s.at(16),
                    s.employee.id))

            Appointment.arrive([visit, stranger])

            day = s.day.isoformat()
            self.assertEqual(visit.client_last_services.splitlines(), [
                    '%s Cut (Wang)' % day, '%s Colour (Wang)' % day])
            self.assertIsNone(stranger.client_last_services)

    @with_transaction()
    def test_reschedule_moves_reminder(self):
        "The queued reminder follows the new start"
        pool = Pool()
        Appointment = pool.get('salon.appointment')
        Line = pool.get('salon.appointment.line')
        Outbox = pool.get('salon.outbox')
        company = create_company()
        with set_company(company):
            s = setup_booking(company)
            client = s.client("Guo", 'guo@example.com')
            appointment = Appointment(Appointment.book(
                    client.id, s.store.id, [s.cut.id], s.at(10),
                    s.employee.id))
            delta = dt.timedelta(hours=3)

            Line.write(list(appointment.lines), {
                    'start': s.at(13), 'end': s.at(14)})

            appointment = Appointment(appointment.id)
            self.assertEqual(appointment.start, s.at(13))
            old, = Outbox.search([
                    ('appointment', '=', appointment.id),
                    ('kind', '=', 'reminder'), ('state', '=', 'cancelled')])
            self.assertEqual(old.next_try, s.at(10) - dt.timedelta(hours=24))
            new, = Outbox.search([
                    ('appointment', '=', appointment.id),
                    ('kind', '=', 'reminder'), ('state', '=', 'queued')])
            self.assertEqual(new.next_try, old.next_try + delta)
            self.assertIn(s.day.isoformat() + ' 13:00', new.body)

    @with_transaction()
    def test_repeat_reports_conflicts(self):
        "Repeat books the free weeks and reports the others"
        pool = Pool()
        Appointment = pool.get('salon.appointment')
        Shift = pool.get('salon.shift')
        company = create_company()
        with set_company(company):
            s = setup_booking(company)
            weeks = [s.day + dt.timedelta(weeks=w) for w in range(1, 4)]
            Shift.create([{
                        'employee': s.employee.id, 'store': s.store.id,
                        'start': s.at(9, day=d), 'end': s.at(18, day=d),
                        } for d in weeks])
            client = s.client("Guo")
            first = Appointment(Appointment.book(
                    client.id, s.store.id, [s.cut.id], s.at(10),
                    s.employee.id))
            # the second week is taken at 10:00
            Appointment.book(
                s.client("Busy").id, s.store.id, [s.cut.id],
                s.at(10, day=weeks[1]), s.employee.id)

            created, conflicts = Appointment.repeat(first, 1, 3)

            self.assertEqual(
                [a.start for a in created],
                [s.at(10, day=weeks[0]), s.at(10, day=weeks[2])])
            self.assertEqual(
                {a.state for a in created}, {'confirmed'})
            self.assertEqual(
                {(a.client, a.employee) for a in created},
                {(client, s.employee)})
            self.assertEqual(conflicts, [
                    '%s 10:00 is not free; the nearest free starts that '
                    'day: 09:00, 11:00, 11:30.' % weeks[1].isoformat()])
            with self.assertRaisesRegex(UserError, 'from 1 to 52'):
                Appointment.repeat(first, 0, 3)

    @with_transaction()
    def test_copy_week(self):
        "Copy a week of shifts, skipping the overlaps"
        pool = Pool()
        Shift = pool.get('salon.shift')
        company = create_company()
        with set_company(company):
            s = setup_booking(company, hours=None, employees=("Wang", "Li"))
            wang, li = s.employees
            tuesday = s.day + dt.timedelta(days=1)
            Shift.create([{
                        'employee': e.id, 'store': s.store.id,
                        'start': s.at(a, day=d), 'end': s.at(b, day=d),
                        } for e, d, a, b in [
                        (wang, s.day, 9, 13), (li, tuesday, 12, 18),
                        # already rostered next week
                        (li, tuesday + dt.timedelta(weeks=1), 9, 14)]])

            created, skipped = Shift.copy_week(s.store, tuesday, 2)

            self.assertEqual(sorted(
                    (x.employee.id, x.start, x.end) for x in created),
                sorted([
                    (wang.id, s.at(9, day=s.day + dt.timedelta(weeks=1)),
                        s.at(13, day=s.day + dt.timedelta(weeks=1))),
                    (wang.id, s.at(9, day=s.day + dt.timedelta(weeks=2)),
                        s.at(13, day=s.day + dt.timedelta(weeks=2))),
                    (li.id, s.at(12, day=tuesday + dt.timedelta(weeks=2)),
                        s.at(18, day=tuesday + dt.timedelta(weeks=2))),
                    ]))
            self.assertEqual(skipped, [
                    'Li %s 12:00-18:00: skipped, it overlaps an existing '
                    'shift.' % (tuesday + dt.timedelta(weeks=1))])
            with self.assertRaisesRegex(ValidationError, 'no shift'):
                Shift.copy_week(s.store, s.day - dt.timedelta(weeks=1), 1)
            with self.assertRaisesRegex(ValidationError, '1 to 52'):
                Shift.copy_week(s.store, s.day, 0)


