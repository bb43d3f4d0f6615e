# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""A service that needs a treatment room and a machine at the same time."""
import datetime as dt
import unittest
from decimal import Decimal
from unittest.mock import patch

from trytond.exceptions import UserError
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.salon_crm.tests.database import ModuleDatabaseMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction

from ..exceptions import ConflictError, ResourceValidationError
from .setup_booking import setup_booking


def setup_resources(company):
    """Return setup_booking's namespace with three employees, two treatment
    rooms, one machine, a Laser Facial (60 min, room + machine) and a
    Facial (60 min, room only)"""
    pool = Pool()
    Room = pool.get('salon.room')
    Template = pool.get('product.template')
    Uom = pool.get('product.uom')
    s = setup_booking(company, employees=("Wang", "Li", "Zhao"))
    s.room1, s.room2, s.machine = Room.create([{
                'store': s.store.id, 'name': name, 'type': type_,
                } for name, type_ in [
                ("Room 1", 'room'), ("Room 2", 'room'),
                ("Laser", 'machine')]])
    unit, = Uom.search([('name', '=', 'Unit')])
    laser, facial = Template.create([{
                'name': name, 'type': 'service',
                'default_uom': unit.id, 'list_price': Decimal(100),
                'salon_service': True, 'salon_duration': 60,
                'salon_room_type': 'room',
                'salon_resource_types': types,
                'products': [('create', [{}])],
                } for name, types in [
                ("Laser Facial", ['machine']), ("Facial", [])]])
    s.laser, s.facial = laser.products[0], facial.products[0]
    return s


class SalonResourceTestCase(ModuleDatabaseMixin, unittest.TestCase):
    "Test the extra resources of salon_booking"
    module = 'salon_booking'

    def _starts(self, s, slots, hours=(9, 14)):
        return [x['start'] for x in slots
            if s.at(hours[0]) <= x['start'] < s.at(hours[1])]

    @with_transaction()
    def test_slot_needs_room_and_machine(self):
        "A slot is found only when a room and the machine are free"
        pool = Pool()
        Appointment = pool.get('salon.appointment')
        company = create_company()
        with set_company(company):
            s = setup_resources(company)
            wang, li, zhao = s.employees
            # the machine is taken 10-11, both rooms 12-13
            Appointment.book(
                s.client("A").id, s.store.id, [s.laser.id], s.at(10),
                wang.id)
            for employee in [li, zhao]:
                Appointment.book(
                    s.client(employee.rec_name).id, s.store.id,
                    [s.facial.id], s.at(12), employee.id)

            slots = Appointment.find_slots(
                s.store.id, [s.laser.id], s.day, s.day)

            self.assertEqual(self._starts(s, slots), [
                    s.at(9), s.at(11), s.at(13), s.at(13, 30)])
            first = slots[0]
            self.assertEqual(first['resources'], [s.machine.id])
            self.assertIn(first['room'], {s.room1.id, s.room2.id})
            self.assertEqual(first['end'], s.at(10))
            # a service without extra resources gets none
            slots = Appointment.find_slots(
                s.store.id, [s.facial.id], s.day, s.day)
            self.assertEqual(slots[0]['resources'], [])

    @with_transaction()
    def test_only_machine_refused(self):
        "The second overlapping booking of the only machine is refused"
        pool = Pool()
        Appointment = pool.get('salon.appointment')
        Busy = pool.get('salon.appointment.busy')
        company = create_company()
        with set_company(company):
            s = setup_resources(company)
            wang, li, _ = s.employees
            first = Appointment(Appointment.book(
                    s.client("A").id, s.store.id, [s.laser.id], s.at(10),
                    wang.id))
            line, = first.lines
            self.assertEqual(list(line.extra_resources), [s.machine])
            self.assertEqual(line.extra_resource_names, "Laser")
            rows = Busy.search([
                    ('appointment', '=', first.id),
                    ('room', '=', s.machine.id)])
            self.assertEqual(
                [(r.start, r.end) for r in rows], [(s.at(10), s.at(11))])

            with self.assertRaisesRegex(
                    ConflictError,
                    r'^The resource "Laser \(Downtown\)" is already booked '
                    r'from .* 10:00 to .* 11:00'):
                Appointment.book(
                    s.client("B").id, s.store.id, [s.laser.id],
                    s.at(10, 30), li.id)

            # a draft made by hand is refused at confirmation
            draft = Appointment(
                company=company, client=s.client("C"), store=s.store,
                start=s.at(10, 30), end=s.at(11, 30))
            draft.lines = [dict(
                    product=s.laser.id, employee=li.id, room=s.room2.id,
                    extra_resources=[s.machine.id], start=s.at(10, 30),
                    end=s.at(11, 30), price=Decimal(100))]
            draft.save()
            with self.assertRaisesRegex(
                    ConflictError, r'^The resource "Laser'):
                Appointment.confirm([draft])

            slots = Appointment.find_slots(
                s.store.id, [s.laser.id], s.at(10), s.day)
            self.assertEqual(slots[0]['start'], s.at(11))
            self.assertEqual(slots[0]['resources'], [s.machine.id])

            # once the first is cancelled the machine is free again
            Appointment.cancel([first])
            Appointment.confirm([draft])
            self.assertEqual(draft.state, 'confirmed')

    @with_transaction()
    def test_machine_held_by_database(self):
        "On PostgreSQL the exclusion constraint of the rooms holds it too"
        pool = Pool()
        Appointment = pool.get('salon.appointment')
        Busy = pool.get('salon.appointment.busy')
        if not Busy.guarded_by_database():
            self.skipTest("no exclusion constraint in this database")
        company = create_company()
        with set_company(company):
            s = setup_resources(company)
            wang, li, _ = s.employees
            Appointment.book(
                s.client("A").id, s.store.id, [s.laser.id], s.at(10),
                wang.id)
            draft = Appointment(
                company=company, client=s.client("B"), store=s.store,
                start=s.at(10, 30), end=s.at(11, 30))
            draft.lines = [dict(
                    product=s.laser.id, employee=li.id, room=s.room2.id,
                    extra_resources=[s.machine.id], start=s.at(10, 30),
                    end=s.at(11, 30), price=Decimal(100))]
            draft.save()
            # as a concurrent transaction that checked before the first
            # committed
            with patch.object(Busy, 'check_free'), \
                    self.assertRaisesRegex(
                        ConflictError,
                        r'^The resource "Laser \(Downtown\)" is already '
                        r'booked from .* 10:00 to .* 11:00'):
                Appointment.confirm([draft])

    @with_transaction()
    def test_wrong_resources_refused(self):
        "A missing type, a wrong type or another store's resource"
        pool = Pool()
        Appointment = pool.get('salon.appointment')
        Room = pool.get('salon.room')
        Store = pool.get('salon.store')
        company = create_company()
        with set_company(company):
            s = setup_resources(company)
            wang = s.employee
            client = s.client("A")
            other, = Store.create([{
                        'name': "Uptown", 'code': 'UT',
                        'company': company.id, 'timezone': 'Asia/Shanghai',
                        }])
            far, = Room.create([{
                        'store': other.id, 'name': "Far Laser",
                        'type': 'machine'}])

            def draft(resources):
                appointment = Appointment(
                    company=company, client=client, store=s.store,
                    start=s.at(10), end=s.at(11))
                appointment.lines = [dict(
                        product=s.laser.id, employee=wang.id,
                        room=s.room1.id, extra_resources=resources,
                        start=s.at(10), end=s.at(11),
                        price=Decimal(100))]
                appointment.save()
                return appointment

            for resources, error in [
                    ([], r'^"Laser Facial" needs a resource of type '
                        r'"Machine"'),
                    ([s.room2.id], r'^The resource "Room 2 \(Downtown\)" '
                        r'is not of a type "Laser Facial" needs'),
                    ([s.machine.id, s.room2.id], r'not of a type'),
                    ([far.id], r'^The resource "Far Laser \(Uptown\)" is '
                        r'not one of the store "Downtown"'),
                    ]:
                appointment = draft(resources)
                with self.assertRaisesRegex(ResourceValidationError, error):
                    Appointment.confirm([appointment])

            for resources, error in [
                    ([s.room2.id], r'is not of a type'),
                    ([far.id], r'is not one of the store'),
                    ([0], r'is not one of the store'),
                    ]:
                with self.assertRaisesRegex(UserError, error):
                    Appointment.book(
                        client.id, s.store.id, [s.laser.id], s.at(10),
                        wang.id, resources)
            # a resource that is given is used
            appointment = Appointment(Appointment.book(
                    client.id, s.store.id, [s.laser.id], s.at(10),
                    wang.id, [s.machine.id]))
            self.assertEqual(
                list(appointment.lines[0].extra_resources), [s.machine])

    @with_transaction()
    def test_no_machine_in_store(self):
        "A service whose resource type the store lacks says so"
        pool = Pool()
        Appointment = pool.get('salon.appointment')
        Room = pool.get('salon.room')
        company = create_company()
        with set_company(company):
            s = setup_resources(company)
            Room.write([s.machine], {'active': False})
            self.assertEqual(Appointment.find_slots(
                    s.store.id, [s.laser.id], s.day, s.day), [])
            with self.assertRaisesRegex(
                    ResourceValidationError,
                    r'^The store "Downtown" has no resource of type '
                    r'"Machine" for "Laser Facial"'):
                Appointment.book(
                    s.client("A").id, s.store.id, [s.laser.id], s.at(10))

    @with_transaction()
    def test_reschedule_and_repeat_keep_resources(self):
        "Moving or repeating a booking keeps and checks its machine"
        pool = Pool()
        Appointment = pool.get('salon.appointment')
        Line = pool.get('salon.appointment.line')
        Busy = pool.get('salon.appointment.busy')
        Shift = pool.get('salon.shift')
        company = create_company()
        with set_company(company):
            s = setup_resources(company)
            wang, li, _ = s.employees
            first = Appointment(Appointment.book(
                    s.client("A").id, s.store.id, [s.laser.id], s.at(10),
                    wang.id))
            second = Appointment(Appointment.book(
                    s.client("B").id, s.store.id, [s.laser.id], s.at(13),
                    li.id))

            Line.write(list(first.lines), {
                    'start': s.at(14), 'end': s.at(15)})
            rows = Busy.search([
                    ('appointment', '=', first.id),
                    ('room', '=', s.machine.id)])
            self.assertEqual(
                [(r.start, r.end) for r in rows], [(s.at(14), s.at(15))])
            with self.assertRaisesRegex(ConflictError, r'^The resource'):
                Line.write(list(second.lines), {
                        'start': s.at(14, 30), 'end': s.at(15, 30),
                        'room': s.room2.id})

            week = s.day + dt.timedelta(weeks=1)
            Shift.create([{
                        'employee': wang.id, 'store': s.store.id,
                        'start': s.at(9, day=week),
                        'end': s.at(18, day=week)}])
            first = Appointment(first.id)
            created, conflicts = Appointment.repeat(first, 1, 1)
            copy, = created
            self.assertEqual(conflicts, [])
            self.assertEqual(list(copy.lines[0].extra_resources), [s.machine])
            self.assertEqual(len(Busy.search([
                            ('appointment', '=', copy.id),
                            ('room', '=', s.machine.id)])), 1)


