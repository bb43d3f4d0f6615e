# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime as dt
import re
from collections import defaultdict

from sql.aggregate import Count
from sql.functions import CurrentTimestamp

from trytond import backend
from trytond.i18n import gettext
from trytond.model.fields import SQL_OPERATORS
from trytond.model import (
    Index, ModelSQL, ModelView, Workflow, fields)
from trytond.modules.currency.fields import Monetary
from trytond.modules.product import price_digits
from trytond.modules.salon_crm.common import utc_now as _now
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.rpc import RPC
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access

from .common import OverlapMixin, format_local, no_overlap, to_utc
from .exceptions import (
    AppointmentAccessError, ConflictError, PastStartError,
    ResourceValidationError, ScheduleValidationError, UnknownServiceError,
    UnknownStoreError)
from .resource import get_resources
from .slot import Intervals, SlotFinder

STATES = [
    ('draft', "Draft"),
    ('confirmed', "Confirmed"),
    ('arrived', "Arrived"),
    ('done', "Done"),
    ('cancelled', "Cancelled"),
    ('no_show', "No Show"),
    ]
# the states in which an appointment holds its employees and rooms
HOLDING = {'confirmed', 'arrived', 'done'}
COLORS = [
    '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948',
    '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac']


class Appointment(Workflow, ModelSQL, ModelView):
    __name__ = 'salon.appointment'
    _rec_name = 'number'

    _states = {
        'readonly': Eval('state') != 'draft',
        }

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    client = fields.Many2One(
        'party.party', "Client", required=True, ondelete='RESTRICT',
        domain=[('salon_client', '=', True)],
        context={
            'salon_client': True,
            'company': Eval('company', -1),
            },
        states=_states, depends={'company'})
    store = fields.Many2One(
        'salon.store', "Store", required=True, ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))], states=_states)
    employee = fields.Many2One(
        'company.employee', "Employee", ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))], states=_states,
        help="The main employee, by default on each line.")
    room = fields.Many2One(
        'salon.room', "Room", ondelete='RESTRICT',
        domain=[('store', '=', Eval('store', -1))], states=_states)
    start = fields.DateTime("Start", required=True, states=_states)
    end = fields.DateTime("End", required=True, states=_states)
    lines = fields.One2Many(
        'salon.appointment.line', 'appointment', "Services",
        states=_states)
    source = fields.Selection([
            ('phone', "Phone"),
            ('walk_in', "Walk-in"),
            ('online', "Online"),
            ('app', "App"),
            ], "Source", required=True, states=_states)
    notes = fields.Text("Notes")
    state = fields.Selection(
        STATES, "State", readonly=True, required=True, sort=False)
    cancel_reason = fields.Text(
        "Cancellation Reason",
        states={
            'invisible': ~Eval('state').in_(
                ['draft', 'confirmed', 'cancelled']),
            'readonly': Eval('state') == 'cancelled',
            })
    late_cancel = fields.Boolean(
        "Late Cancellation", readonly=True,
        states={
            'invisible': Eval('state') != 'cancelled',
            },
        help="Cancelled within the store's late-cancellation delay.")
    sale = fields.Many2One(
        'sale.point.sale', "POS Sale", readonly=True, ondelete='SET NULL',
        states={
            'invisible': ~Eval('sale'),
            })
    busy = fields.One2Many(
        'salon.appointment.busy', 'appointment', "Busy Intervals",
        readonly=True)
    client_allergies = fields.Function(
        fields.Text("Allergies"), 'on_change_with_client_allergies')
    client_preferences = fields.Function(
        fields.Text("Preferences"), 'on_change_with_client_preferences')
    client_no_show_count = fields.Function(
        fields.Integer("No-shows"), 'on_change_with_client_no_show_count')
    color = fields.Function(fields.Char("Color"), 'on_change_with_color')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.store, Index.Equality()),
                    (t.start, Index.Range())),
                Index(t, (t.state, Index.Equality(cardinality='low')),
                    where=t.state.in_(['draft', 'confirmed', 'arrived'])),
                })
        cls._order = [('start', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'confirmed'),
            ('draft', 'cancelled'),
            ('confirmed', 'draft'),
            ('confirmed', 'arrived'),
            ('confirmed', 'cancelled'),
            ('confirmed', 'no_show'),
            ('arrived', 'done'),
            ('arrived', 'confirmed'),
            ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'draft': {
                    'invisible': ~Eval('state').in_(
                        ['confirmed', 'cancelled']),
                    'icon': 'tryton-back',
                    'depends': ['state'],
                    },
                'confirm': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'arrive': {
                    'invisible': Eval('state') != 'confirmed',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'do': {
                    'invisible': Eval('state') != 'arrived',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(['draft', 'confirmed']),
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'no_show': {
                    'invisible': Eval('state') != 'confirmed',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'checkout': {
                    'invisible': (Eval('state') != 'done') | Eval('sale'),
                    'icon': 'tryton-forward',
                    'depends': ['state', 'sale'],
                    },
                })
        cls.__rpc__.update({
                'find_slots': RPC(),
                'book': RPC(readonly=False),
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_source(cls):
        return 'phone'

    @fields.depends('client')
    def on_change_with_client_allergies(self, name=None):
        if self.client:
            return self.client.salon_allergies

    @fields.depends('client')
    def on_change_with_client_preferences(self, name=None):
        if self.client:
            return self.client.salon_preferences

    @fields.depends('client')
    def on_change_with_client_no_show_count(self, name=None):
        if self.client:
            return self.client.salon_no_show_count

    @fields.depends('employee')
    def on_change_with_color(self, name=None):
        if self.employee:
            return COLORS[self.employee.id % len(COLORS)]

    @fields.depends('store', 'client')
    def on_change_client(self):
        if self.client and not self.store:
            self.store = self.client.salon_home_store

    @fields.depends(
        'start', 'end', 'employee', 'room', 'lines')
    def on_change_start(self):
        self._reflow()

    @fields.depends(methods=['on_change_start'])
    def on_change_lines(self):
        self._reflow()

    @fields.depends(
        'start', 'end', 'employee', 'room', 'lines')
    def _reflow(self):
        "Chain the services from the start, buffers included"
        if not self.start:
            return
        start = self.start
        lines = []
        for line in (self.lines or []):
            if not line.employee:
                line.employee = self.employee
            if not line.room and line.product and (
                    line.product.template.salon_room_type):
                line.room = self.room
            line.start = start
            if line.product:
                template = line.product.template
                line.end = start + dt.timedelta(
                    minutes=template.salon_duration or 0)
                start = line.end + dt.timedelta(
                    minutes=template.salon_buffer or 0)
            lines.append(line)
        self.lines = lines
        if lines and lines[-1].end:
            self.end = lines[-1].end

    def get_rec_name(self, name):
        return self.number or str(self.id)

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return [bool_op,
            ('number', *clause[1:]),
            ('client', *clause[1:]),
            ]

    @classmethod
    def validate_fields(cls, appointments, field_names):
        super().validate_fields(appointments, field_names)
        for appointment in appointments:
            if appointment.end <= appointment.start:
                raise ScheduleValidationError(gettext(
                        'salon_booking.msg_end_before_start',
                        record=appointment.rec_name))

    @classmethod
    def check_modification(cls, mode, appointments, values=None,
            external=False):
        super().check_modification(
            mode, appointments, values=values, external=external)
        if mode == 'delete':
            for appointment in appointments:
                if appointment.state not in {'draft', 'cancelled'}:
                    raise AppointmentAccessError(gettext(
                            'salon_booking.msg_appointment_delete',
                            appointment=appointment.rec_name))

    @classmethod
    def copy(cls, appointments, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('number')
        default.setdefault('sale')
        default.setdefault('busy')
        default.setdefault('late_cancel')
        default.setdefault('cancel_reason')
        return super().copy(appointments, default=default)

    @classmethod
    def _new_number(cls):
        pool = Pool()
        Sequence = pool.get('ir.sequence')
        ModelData = pool.get('ir.model.data')
        return Sequence(ModelData.get_id(
                'salon_booking', 'sequence_appointment')).get()

    @classmethod
    def set_number(cls, appointments):
        to_number = [a for a in appointments if not a.number]
        if not to_number:
            return
        for appointment in to_number:
            appointment.number = cls._new_number()
        cls.save(to_number)

    @classmethod
    def sync_times(cls, appointments):
        "Set start, end, employee and room of the appointments from lines"
        to_save = []
        for appointment in appointments:
            lines = [l for l in appointment.lines if l.start and l.end]
            if not lines:
                continue
            values = {
                'start': min(l.start for l in lines),
                'end': max(l.end for l in lines),
                }
            if not appointment.employee:
                values['employee'] = lines[0].employee
            if not appointment.room:
                values['room'] = next(
                    (l.room for l in lines if l.room), None)
            if any(getattr(appointment, n) != v for n, v in values.items()):
                for name, value in values.items():
                    setattr(appointment, name, value)
                to_save.append(appointment)
        cls.save(to_save)

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, appointments):
        Pool().get('salon.appointment.busy').release(appointments)

    @classmethod
    @ModelView.button
    @Workflow.transition('confirmed')
    def confirm(cls, appointments):
        Busy = Pool().get('salon.appointment.busy')
        Busy.guard()
        cls.sync_times(appointments)
        # book fitted its appointment on the schedule it read in this
        # transaction: checking it again would read the same again
        if not Transaction().context.get('_salon_fitted'):
            cls.check_schedule(appointments)
        cls.set_number(appointments)
        # a draft holds nothing: there are no busy rows to replace
        Busy.reserve(appointments, replace=False)

    @classmethod
    @ModelView.button
    @Workflow.transition('arrived')
    def arrive(cls, appointments):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    def do(cls, appointments):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, appointments):
        Busy = Pool().get('salon.appointment.busy')
        now = _now()
        late, on_time = [], []
        for appointment in appointments:
            delay = dt.timedelta(hours=appointment.store.late_cancel_hours)
            if appointment.state == 'confirmed' and (
                    now > appointment.start - delay):
                late.append(appointment)
            else:
                on_time.append(appointment)
        to_write = []
        if late:
            to_write.extend([late, {'late_cancel': True}])
        if on_time:
            to_write.extend([on_time, {'late_cancel': False}])
        if to_write:
            cls.write(*to_write)
        Busy.release(appointments)

    @classmethod
    @ModelView.button
    @Workflow.transition('no_show')
    def no_show(cls, appointments):
        Pool().get('salon.appointment.busy').release(appointments)

    @classmethod
    def check_schedule(cls, appointments):
        """Check lines against skills, room types, opening hours and the
        employees' shifts"""
        pool = Pool()
        Shift = pool.get('salon.shift')
        for appointment in appointments:
            store = appointment.store
            tzinfo = store.tzinfo
            if not appointment.lines:
                raise ResourceValidationError(gettext(
                        'salon_booking.msg_no_services',
                        appointment=appointment.rec_name))
            finder = SlotFinder(store, [l.product for l in appointment.lines])
            finder.length = appointment.end - appointment.start
            finder.load(appointment.start, appointment.start)
            if not finder.is_open(appointment.start):
                finder.explain(appointment.start)
            employees = {l.employee.id for l in appointment.lines
                if l.employee}
            shifts = defaultdict(list)
            for shift in Shift.search([
                        ('store', '=', store.id),
                        ('employee', 'in', list(employees)),
                        ('start', '<', appointment.end + dt.timedelta(
                                days=1)),
                        ('end', '>', appointment.start),
                        ]):
                shifts[shift.employee.id].append((shift.start, shift.end))
            shifts = {e: Intervals(i) for e, i in shifts.items()}
            for line in appointment.lines:
                line.check_resources()
                for start, end in line.employee_intervals():
                    intervals = shifts.get(line.employee.id)
                    if not intervals or not intervals.covers(start, end):
                        raise ScheduleValidationError(gettext(
                                'salon_booking.msg_outside_shift',
                                employee=line.employee.rec_name,
                                store=store.rec_name,
                                start=format_local(start, tzinfo),
                                end=format_local(end, tzinfo)))

    @classmethod
    def _get_store(cls, store_id):
        Store = Pool().get('salon.store')
        # ordered by id: the default order reads more than the store
        stores = Store.search(
            [('id', '=', int(store_id or 0))], order=[('id', 'ASC')])
        if not stores:
            raise UnknownStoreError(gettext(
                    'salon_booking.msg_unknown_store', store=store_id))
        return stores[0]

    @classmethod
    def _get_services(cls, service_ids):
        Product = Pool().get('product.product')
        service_ids = [int(s) for s in service_ids or []]
        if not service_ids:
            raise UnknownServiceError(gettext(
                    'salon_booking.msg_no_services', appointment=''))
        # ordered by id: the products' default order (by code) reads the
        # product configuration on each call
        found = {p.id: p for p in Product.search([
                    ('id', 'in', service_ids),
                    ('template.salon_service', '=', True),
                    ], order=[('id', 'ASC')])}
        for service_id in service_ids:
            if service_id not in found:
                raise UnknownServiceError(gettext(
                        'salon_booking.msg_unknown_service',
                        service=service_id))
        return [found[s] for s in service_ids]

    @classmethod
    def _get_employee(cls, employee_id):
        Employee = Pool().get('company.employee')
        if employee_id is None:
            return None
        employees = Employee.search(
            [('id', '=', int(employee_id))], order=[('id', 'ASC')])
        if not employees:
            raise ResourceValidationError(gettext(
                    'salon_booking.msg_unknown_employee',
                    employee=employee_id))
        return employees[0]

    @classmethod
    def _bounds(cls, store, date_from, date_to):
        "Return the UTC bounds of the starts between the dates"
        def bound(value, end):
            if isinstance(value, dt.datetime):
                return value.replace(microsecond=0)
            if isinstance(value, str):
                value = dt.date.fromisoformat(value)
            if end:
                value += dt.timedelta(days=1)
            return to_utc(
                dt.datetime.combine(value, dt.time()), store.tzinfo)
        lower = max(bound(date_from, False), _now())
        upper = bound(date_to, True)
        if not isinstance(date_to, dt.datetime):
            upper -= dt.timedelta(seconds=1)
        return lower, upper

    @classmethod
    def find_slots(cls, store, services, date_from, date_to,
            employee=None):
        """Return the free slots as a list of {start, end, employee, room,
        resources} of the services in a row at the store between the dates
        (resources: the ids of the extra resources, see resource.py)"""
        store = cls._get_store(store)
        products = cls._get_services(services)
        employee = cls._get_employee(employee)
        lower, upper = cls._bounds(store, date_from, date_to)
        if upper < lower:
            return []
        finder = SlotFinder(store, products, employee)
        finder.load(lower, upper)
        slots = []
        for start, allocation in finder.slots(lower, upper):
            _, first_employee, _, _ = allocation[0]
            room = next((r for _, _, r, _ in allocation if r), None)
            resources = []
            for _, _, _, ids in allocation:
                resources.extend(r for r in ids if r not in resources)
            slots.append({
                    'start': start,
                    'end': start + finder.length,
                    'employee': first_employee,
                    'room': room,
                    'resources': resources,
                    })
        return slots

    @classmethod
    def book(cls, client, store, services, start, employee=None,
            resources=None, deposit=None):
        """Book the services in a row for the client at start and return
        the confirmed appointment id

        resources: the ids of extra resources to use, free ones are picked
        for the other types the services need
        deposit: the amount the client left (needed after too many
        no-shows)"""
        pool = Pool()
        ModelAccess = pool.get('ir.model.access')
        Party = pool.get('party.party')
        Busy = pool.get('salon.appointment.busy')
        Line = pool.get('salon.appointment.line')
        # booking is creating a confirmed appointment: the save of a new
        # instance does not check the access, so book checks it first
        ModelAccess.check(cls.__name__, 'create')
        # lock first: a lock taken late makes Tryton retry the transaction
        Busy.guard()
        store = cls._get_store(store)
        products = cls._get_services(services)
        employee = cls._get_employee(employee)
        resources = get_resources(store, products, resources)
        clients = Party.search(
            [('id', '=', int(client or 0))], order=[('id', 'ASC')])
        if not clients:
            raise UnknownServiceError(gettext(
                    'salon_booking.msg_unknown_client', client=client))
        client, = clients
        if isinstance(start, str):
            start = dt.datetime.fromisoformat(start)
        start = start.replace(microsecond=0)
        if start < _now():
            raise PastStartError(gettext(
                    'salon_booking.msg_past_start',
                    start=format_local(start, store.tzinfo)))
        finder = SlotFinder(store, products, employee, resources)
        finder.load(start, start)
        allocation = finder.fit(start) if finder.is_open(start) else None
        if not allocation:
            finder.explain(start)
        lines = []
        for step, employee_id, room_id, resource_ids in allocation:
            lines.append(Line(
                    product=step.product,
                    employee=employee_id,
                    room=room_id,
                    extra_resources=resource_ids,
                    start=start + step.offset,
                    end=start + step.offset + step.duration,
                    price=step.template.list_price))
        appointment = cls(
            company=store.company, client=client, store=store,
            employee=allocation[0][1], room=next(
                (r for _, _, r, _ in allocation if r), None),
            start=start, end=start + finder.length, lines=lines,
            # numbered now rather than by confirm: one write less
            number=cls._new_number(),
            deposit=cls._book_deposit(deposit),
            source=Transaction().context.get('salon_source', 'phone'))
        appointment.save()
        # confirming is a step of book, whose access was checked above (the
        # groups that may create appointments may confirm them), not a
        # click of the Confirm button to check and log again
        with without_check_access(), \
                Transaction().set_context(_salon_fitted=True):
            cls.confirm([appointment])
        return appointment.id


class AppointmentLine(ModelSQL, ModelView):
    __name__ = 'salon.appointment.line'

    _states = {
        'readonly': Eval('appointment_state') != 'draft',
        }

    appointment = fields.Many2One(
        'salon.appointment', "Appointment", required=True,
        ondelete='CASCADE', states=_states)
    sequence = fields.Integer("Sequence")
    product = fields.Many2One(
        'product.product', "Service", required=True, ondelete='RESTRICT',
        domain=[('template.salon_service', '=', True)], states=_states)
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, ondelete='RESTRICT',
        states=_states)
    room = fields.Many2One(
        'salon.room', "Room", ondelete='RESTRICT', states=_states)
    start = fields.DateTime("Start", required=True, states=_states)
    end = fields.DateTime("End", required=True, states=_states)
    price = Monetary(
        "Price", currency='currency', digits=price_digits, states=_states)
    currency = fields.Function(
        fields.Many2One('currency.currency', "Currency"),
        'on_change_with_currency')
    appointment_state = fields.Function(
        fields.Selection(STATES, "Appointment State"),
        'on_change_with_appointment_state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('appointment')
        cls._order.insert(0, ('sequence', 'ASC NULLS FIRST'))
        cls._order.insert(1, ('start', 'ASC'))

    @fields.depends('appointment', '_parent_appointment.state')
    def on_change_with_appointment_state(self, name=None):
        if self.appointment:
            return self.appointment.state

    @fields.depends('appointment', '_parent_appointment.company')
    def on_change_with_currency(self, name=None):
        if self.appointment and self.appointment.company:
            return self.appointment.company.currency

    @fields.depends('product', 'start')
    def on_change_product(self):
        if self.product:
            template = self.product.template
            self.price = template.list_price
            if self.start:
                self.end = self.start + dt.timedelta(
                    minutes=template.salon_duration or 0)

    def get_rec_name(self, name):
        return '%s - %s' % (
            self.appointment.rec_name, self.product.rec_name)

    @classmethod
    def validate_fields(cls, lines, field_names):
        super().validate_fields(lines, field_names)
        for line in lines:
            if line.end <= line.start:
                raise ScheduleValidationError(gettext(
                        'salon_booking.msg_end_before_start',
                        record=line.rec_name))

    def check_resources(self):
        template = self.product.template
        if not template.salon_service:
            raise UnknownServiceError(gettext(
                    'salon_booking.msg_unknown_service',
                    service=self.product.rec_name))
        skills = set(template.salon_skills) - set(self.employee.salon_skills)
        if skills:
            raise ResourceValidationError(gettext(
                    'salon_booking.msg_missing_skill',
                    employee=self.employee.rec_name,
                    service=template.rec_name))
        if template.salon_room_type:
            store = self.appointment.store
            if (not self.room or self.room.store != store
                    or self.room.type != template.salon_room_type):
                raise ResourceValidationError(gettext(
                        'salon_booking.msg_room_type',
                        room=self.room.rec_name if self.room else '',
                        service=template.rec_name,
                        type=template.salon_room_type_string))

    def employee_intervals(self):
        "The UTC intervals during which the employee is busy"
        template = self.product.template
        duration, intervals, _ = template.salon_timeline()
        if self.end - self.start != duration:
            # times set by hand: the employee is busy all the time
            buffer = dt.timedelta(minutes=template.salon_buffer or 0)
            return [(self.start, self.end + buffer)]
        return [(self.start + s, self.start + e) for s, e in intervals]

    def room_interval(self):
        "The UTC interval during which the room is busy"
        template = self.product.template
        if not self.room:
            return None
        buffer = dt.timedelta(minutes=template.salon_buffer or 0)
        return self.start, self.end + buffer

    @classmethod
    def on_modification(cls, mode, lines, field_names=None):
        pool = Pool()
        Appointment = pool.get('salon.appointment')
        Busy = pool.get('salon.appointment.busy')
        super().on_modification(mode, lines, field_names=field_names)
        if mode == 'write':
            # rescheduling keeps the invariant
            appointments = Appointment.browse(
                {l.appointment.id for l in lines})
            holding = [a for a in appointments if a.state in HOLDING]
            if holding:
                Busy.guard()
                Appointment.sync_times(holding)
                Appointment.check_schedule(holding)
                Busy.reserve(holding)


class Busy(OverlapMixin, ModelSQL, ModelView):
    "The intervals during which an employee or a room is taken"
    __name__ = 'salon.appointment.busy'

    appointment = fields.Many2One(
        'salon.appointment', "Appointment", required=True,
        ondelete='CASCADE')
    line = fields.Many2One(
        'salon.appointment.line', "Line", ondelete='CASCADE')
    employee = fields.Many2One(
        'company.employee', "Employee", ondelete='RESTRICT')
    room = fields.Many2One('salon.room', "Room", ondelete='RESTRICT')
    start = fields.DateTime("Start", required=True)
    end = fields.DateTime("End", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('employee_overlap', no_overlap(t, t.employee),
                'salon_booking.msg_employee_overlap'),
            ('room_overlap', no_overlap(t, t.room),
                'salon_booking.msg_room_overlap'),
            ]
        cls._sql_indexes.add(
            Index(t, (t.appointment, Index.Equality())))
        cls.__access__.add('appointment')
        cls._order = [('start', 'ASC'), ('id', 'ASC')]

    @classmethod
    def guarded_by_database(cls):
        "Whether the exclusion constraints are in the database"
        database = Transaction().database
        return all(database.has_constraint(c)
            for _, c, _ in cls._sql_constraints)

    @classmethod
    def guard(cls):
        """Serialize the bookings where the database cannot: take the table
        lock before reading the busy intervals"""
        if not cls.guarded_by_database():
            cls.lock()

    @classmethod
    @without_check_access
    def release(cls, appointments):
        busy = cls.search([
                ('appointment', 'in', [a.id for a in appointments]),
                ])
        cls.delete(busy)

    @classmethod
    @without_check_access
    def reserve(cls, appointments, replace=True):
        """Replace the busy intervals of the appointments (only add them
        when not replace)"""
        if replace:
            cls.release(appointments)
        rows, names = [], {}
        for appointment in appointments:
            tzinfo = appointment.store.tzinfo
            for line in appointment.lines:
                rows.extend(cls._line_rows(line, names))
        guarded = cls.guarded_by_database()
        if not guarded:
            cls.check_free(rows, tzinfo if appointments else None, names)
            cls._insert(rows)
            return
        # the exclusion constraints refuse the overlaps themselves; the
        # savepoint keeps the transaction usable to name the resource
        cursor = Transaction().connection.cursor()
        cursor.execute('SAVEPOINT salon_busy_reserve')
        try:
            cls._insert(rows)
        except backend.DatabaseIntegrityError as exception:
            cursor.execute('ROLLBACK TO SAVEPOINT salon_busy_reserve')
            error = cls._conflict_error(exception, names, tzinfo)
            if not error:
                raise
            raise error from exception
        cursor.execute('RELEASE SAVEPOINT salon_busy_reserve')

    @classmethod
    def _insert(cls, rows):
        """Insert the busy rows in one statement: they are derived from the
        lines, which were validated, so the ORM's create would only check
        them again"""
        if not rows:
            return
        transaction = Transaction()
        table = cls.__table__()
        cursor = transaction.connection.cursor()

        def id_(record):
            return record.id if record else None
        cursor.execute(*table.insert([
                    table.create_uid, table.create_date, table.appointment,
                    table.line, table.employee, table.room, table.start,
                    table.end], [[
                        transaction.user, CurrentTimestamp(),
                        r.appointment.id, id_(r.line), id_(r.employee),
                        id_(r.room), r.start, r.end] for r in rows]))

    @classmethod
    def _line_rows(cls, line, names):
        """Return the busy rows of the line and put their resources in
        names, keyed by (kind of message, id): an error names them"""
        rows = []
        appointment = line.appointment
        names['employee', line.employee.id] = line.employee
        for start, end in line.employee_intervals():
            rows.append(cls(
                    appointment=appointment, line=line,
                    employee=line.employee, room=None,
                    start=start, end=end))
        interval = line.room_interval()
        if interval:
            names['room', line.room.id] = line.room
            rows.append(cls(
                    appointment=appointment, line=line,
                    employee=None, room=line.room, start=interval[0],
                    end=interval[1]))
        return rows

    @classmethod
    def check_free(cls, rows, tzinfo, names=None):
        """Raise ConflictError if a row overlaps a busy interval (one query)

        A room found as ('resource', id) in names is an extra resource."""
        pool = Pool()
        Employee = pool.get('company.employee')
        Room = pool.get('salon.room')
        if not rows:
            return
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        employees = {r.employee.id for r in rows if r.employee}
        rooms = {r.room.id for r in rows if r.room}
        lower = min(r.start for r in rows)
        upper = max(r.end for r in rows)
        resource = None
        if employees:
            resource = SQL_OPERATORS['in'](
                table.employee, list(employees))
        if rooms:
            clause = SQL_OPERATORS['in'](table.room, list(rooms))
            resource = clause if resource is None else (resource | clause)
        cursor.execute(*table.select(
                table.employee, table.room, table.start, table.end,
                where=resource & (table.start < upper)
                & (table.end > lower)))
        busy = defaultdict(list)
        for employee, room, start, end in cursor:
            if employee is not None:
                busy['employee', employee].append((start, end))
            if room is not None:
                busy['room', room].append((start, end))
        # rows of the same booking may not overlap each other either
        for row in sorted(rows, key=lambda r: r.start):
            if row.employee:
                key = 'employee', row.employee.id
            else:
                key = 'room', row.room.id
            intervals = busy[key]
            for start, end in intervals:
                if start < row.end and end > row.start:
                    if key[0] == 'employee':
                        msg, name = 'employee', Employee(key[1]).rec_name
                    elif ('resource', key[1]) in (names or {}):
                        msg, name = 'resource', Room(key[1]).rec_name
                    else:
                        msg, name = 'room', Room(key[1]).rec_name
                    raise ConflictError(gettext(
                            'salon_booking.msg_%s_busy' % msg,
                            **{msg: name,
                                'start': format_local(start, tzinfo),
                                'end': format_local(end, tzinfo)}))
            intervals.append((row.start, row.end))

    @classmethod
    def _conflict_error(cls, exception, names, tzinfo):
        """Turn the exclusion violation of a concurrent booking into a
        message naming the resource and the times (None for another
        error of the database)"""
        diag = getattr(exception, 'diag', None)
        constraint = getattr(diag, 'constraint_name', None) or ''
        if not constraint.endswith(('employee_overlap', 'room_overlap')):
            return None
        detail = getattr(diag, 'message_detail', None) or ''
        kind = 'room' if constraint.endswith('room_overlap') else 'employee'
        keys = re.findall(
            r'=\((\d+), \["?([^",]+)"?,"?([^")\]]+)"?\)', detail)
        if not keys:
            return ConflictError(gettext(
                    'salon_booking.msg_%s_overlap' % kind))
        resource, start, end = keys[-1]
        if kind == 'room' and ('resource', int(resource)) in names:
            kind = 'resource'
        name = resource
        if (kind, int(resource)) in names:
            name = names[kind, int(resource)].rec_name
        parse = dt.datetime.fromisoformat
        return ConflictError(gettext(
                'salon_booking.msg_%s_busy' % kind,
                **{kind: name,
                    'start': format_local(parse(start), tzinfo),
                    'end': format_local(parse(end), tzinfo)}))


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    salon_no_show_count = fields.Function(
        fields.Integer("No-shows"), 'get_salon_no_show_count')
    salon_appointments = fields.One2Many(
        'salon.appointment', 'client', "Appointments", readonly=True)

    @classmethod
    def get_salon_no_show_count(cls, parties, name):
        pool = Pool()
        Appointment = pool.get('salon.appointment')
        appointment = Appointment.__table__()
        cursor = Transaction().connection.cursor()
        counts = {p.id: 0 for p in parties}
        for sub_ids in grouped_slice(
                list(counts), backend.MAX_QUERY_PARAMS):
            cursor.execute(*appointment.select(
                    appointment.client, Count(appointment.id),
                    where=SQL_OPERATORS['in'](
                        appointment.client, sub_ids)
                    & (appointment.state == 'no_show'),
                    group_by=appointment.client))
            counts.update(cursor)
        return counts
