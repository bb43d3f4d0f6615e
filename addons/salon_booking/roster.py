# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime as dt
from collections import defaultdict

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.model.fields import SQL_OPERATORS
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .common import OverlapMixin, format_local, no_overlap, to_local, to_utc
from .exceptions import RosterError, ScheduleValidationError, ShiftSwapError
from .slot import Intervals


class Shift(OverlapMixin, ModelSQL, ModelView):
    __name__ = 'salon.shift'

    employee = fields.Many2One(
        'company.employee', "Employee", required=True, ondelete='CASCADE',
        domain=[('company', '=', Eval('company', -1))])
    store = fields.Many2One(
        'salon.store', "Store", required=True, ondelete='CASCADE')
    start = fields.DateTime("Start", required=True)
    end = fields.DateTime("End", required=True)
    company = fields.Function(
        fields.Many2One('company.company', "Company"),
        'on_change_with_company', searcher='search_company')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('employee_overlap', no_overlap(t, t.employee),
                'salon_booking.msg_shift_overlap'),
            ]
        cls._sql_indexes.add(
            Index(t, (t.store, Index.Equality()), (t.start, Index.Range())))
        cls._order = [
            ('start', 'ASC'), ('employee', 'ASC'), ('id', 'ASC')]
        cls.__access__.add('store')

    @fields.depends('store', '_parent_store.company')
    def on_change_with_company(self, name=None):
        return self.store.company if self.store else None

    @classmethod
    def search_company(cls, name, clause):
        return [('store.company',) + tuple(clause[1:])]

    @fields.depends('employee', 'store', '_parent_employee.salon_store')
    def on_change_employee(self):
        if self.employee and self.employee.salon_store and not self.store:
            self.store = self.employee.salon_store

    def get_rec_name(self, name):
        tzinfo = self.store.tzinfo
        return '%s @ %s %s' % (
            self.employee.rec_name, self.store.rec_name,
            format_local(self.start, tzinfo))

    @classmethod
    def validate_fields(cls, shifts, field_names):
        super().validate_fields(shifts, field_names)
        for shift in shifts:
            if shift.end <= shift.start:
                raise ScheduleValidationError(gettext(
                        'salon_booking.msg_shift_dates',
                        employee=shift.employee.rec_name))


class ShiftCopy(metaclass=PoolMeta):
    "Copy a week of a store's roster"
    __name__ = 'salon.shift'

    @classmethod
    def copy_week(cls, store, day, weeks):
        """Copy the shifts of store in the week of day to the weeks next
        weeks, keeping the local times; return the created shifts and the
        lines reporting the copies skipped for an overlap"""
        pool = Pool()
        Employee = pool.get('company.employee')
        if not weeks or weeks < 1 or weeks > 52:
            raise RosterError(gettext('salon_booking.msg_copy_week_weeks'))
        tzinfo = store.tzinfo
        monday = day - dt.timedelta(days=day.weekday())
        lower = to_utc(dt.datetime.combine(monday, dt.time()), tzinfo)
        upper = to_utc(dt.datetime.combine(
                monday + dt.timedelta(days=7), dt.time()), tzinfo)
        shifts = cls.search([
                ('store', '=', store.id),
                ('start', '>=', lower),
                ('start', '<', upper),
                ])
        if not shifts:
            raise RosterError(gettext(
                    'salon_booking.msg_copy_week_empty',
                    store=store.rec_name, date=monday))
        copies = []
        for week in range(1, weeks + 1):
            for shift in shifts:
                copies.append((shift.employee.id,
                        cls._shift_local(shift.start, week, tzinfo),
                        cls._shift_local(shift.end, week, tzinfo)))
        employees = {e for e, _, _ in copies}
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(
                table.employee, table.start, table.end,
                where=SQL_OPERATORS['in'](table.employee, list(employees))
                & (table.start < max(e for _, _, e in copies))
                & (table.end > min(s for _, s, _ in copies))))
        existing = defaultdict(list)
        for employee, start, end in cursor:
            existing[employee].append((start, end))
        existing = {e: Intervals(i) for e, i in existing.items()}
        to_create, skipped = [], []
        for employee, start, end in copies:
            intervals = existing.get(employee)
            if intervals and intervals.conflict(start, end):
                skipped.append(gettext(
                        'salon_booking.msg_copy_week_skipped',
                        employee=Employee(employee).rec_name,
                        start=format_local(start, tzinfo),
                        end=format_local(end, tzinfo)[-5:]))
                continue
            to_create.append({
                    'employee': employee, 'store': store.id,
                    'start': start, 'end': end,
                    })
        return cls.create(to_create), skipped

    @staticmethod
    def _shift_local(value, weeks, tzinfo):
        local = to_local(value, tzinfo) + dt.timedelta(weeks=weeks)
        return to_utc(local, tzinfo)


class CopyWeekStart(ModelView):
    __name__ = 'salon.shift.copy_week.start'

    store = fields.Many2One('salon.store', "Store", required=True)
    week = fields.Date(
        "Week", required=True, help="A day of the week to copy.")
    weeks = fields.Integer(
        "Weeks", required=True, help="The number of next weeks to fill.")

    @classmethod
    def default_weeks(cls):
        return 1

    @classmethod
    def default_week(cls):
        return dt.date.today()

    @classmethod
    def default_store(cls):
        Employee = Pool().get('company.employee')
        employee_id = Transaction().context.get('employee')
        if employee_id:
            employee = Employee(employee_id)
            if getattr(employee, 'salon_store', None):
                return employee.salon_store.id


class CopyWeekResult(ModelView):
    __name__ = 'salon.shift.copy_week.result'

    created = fields.Integer("Created Shifts", readonly=True)
    report = fields.Text("Skipped", readonly=True)


class CopyWeek(Wizard):
    __name__ = 'salon.shift.copy_week'

    start = StateView('salon.shift.copy_week.start',
        'salon_booking.shift_copy_week_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Copy", 'copy', 'tryton-ok', default=True),
            ])
    copy = StateTransition()
    result = StateView('salon.shift.copy_week.result',
        'salon_booking.shift_copy_week_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def transition_copy(self):
        Shift = Pool().get('salon.shift')
        created, skipped = Shift.copy_week(
            self.start.store, self.start.week, self.start.weeks)
        self.result.created = len(created)
        self.result.report = '\n'.join(skipped)
        return 'result'

    def default_result(self, fields):
        return {
            'created': self.result.created,
            'report': self.result.report,
            }


class ShiftSwap(Workflow, ModelSQL, ModelView):
    "A request to hand a shift over to another employee"
    __name__ = 'salon.shift.swap'

    _states = {
        'readonly': Eval('state') != 'requested',
        }

    shift = fields.Many2One(
        'salon.shift', "Shift", required=True, ondelete='CASCADE',
        states=_states)
    requested_by = fields.Many2One(
        'company.employee', "Requested by", required=True,
        ondelete='CASCADE', states=_states)
    with_employee = fields.Many2One(
        'company.employee', "With", required=True, ondelete='CASCADE',
        states=_states)
    with_shift = fields.Many2One(
        'salon.shift', "In Exchange for", ondelete='CASCADE',
        domain=[('employee', '=', Eval('with_employee', -1))],
        states=_states,
        help="The shift of the other employee to take in exchange, if any.")
    store = fields.Function(
        fields.Many2One('salon.store', "Store"),
        'on_change_with_store', searcher='search_store')
    state = fields.Selection([
            ('requested', "Requested"),
            ('approved', "Approved"),
            ('refused', "Refused"),
            ], "State", readonly=True, required=True, sort=False)
    approved_by = fields.Many2One(
        'res.user', "Decided by", readonly=True,
        states={
            'invisible': Eval('state') == 'requested',
            })

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('shift')
        cls._order = [('id', 'DESC')]
        cls._transitions |= {
            ('requested', 'approved'),
            ('requested', 'refused'),
            }
        cls._buttons.update({
                'approve': {
                    'invisible': Eval('state') != 'requested',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'refuse': {
                    'invisible': Eval('state') != 'requested',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'requested'

    @classmethod
    def default_requested_by(cls):
        return Transaction().context.get('employee')

    @fields.depends('shift', '_parent_shift.store')
    def on_change_with_store(self, name=None):
        return self.shift.store if self.shift else None

    @classmethod
    def search_store(cls, name, clause):
        return [('shift.store',) + tuple(clause[1:])]

    @fields.depends('shift', '_parent_shift.employee')
    def on_change_shift(self):
        if self.shift:
            self.requested_by = self.shift.employee

    def get_rec_name(self, name):
        return '%s → %s' % (self.shift.rec_name, self.with_employee.rec_name)

    @classmethod
    def validate_fields(cls, swaps, field_names):
        super().validate_fields(swaps, field_names)
        if not field_names & {
                'shift', 'requested_by', 'with_employee', 'with_shift'}:
            return
        for swap in swaps:
            # once approved the shifts have changed hands
            if swap.state != 'requested':
                continue
            if (swap.shift.employee != swap.requested_by
                    or swap.with_employee == swap.requested_by
                    or (swap.with_shift and (
                            swap.with_shift.employee != swap.with_employee
                            or swap.with_shift == swap.shift))):
                raise RosterError(gettext(
                        'salon_booking.msg_swap_invalid',
                        swap=swap.rec_name))

    @classmethod
    def check_decider(cls, swaps):
        """Only HQ or the managers of the store of the shift decide"""
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        if Transaction().user == 0:
            return
        groups = set(User.get_groups())
        if ModelData.get_id('salon_crm', 'group_salon_hq') in groups:
            return
        manager = ModelData.get_id('salon_crm', 'group_salon_manager')
        stores = set(User.get_salon_stores())
        for swap in swaps:
            if manager not in groups or swap.shift.store.id not in stores:
                raise ShiftSwapError(gettext(
                        'salon_booking.msg_swap_not_manager',
                        swap=swap.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('refused')
    def refuse(cls, swaps):
        cls.check_decider(swaps)
        cls.write(swaps, {'approved_by': Transaction().user})

    @classmethod
    @ModelView.button
    @Workflow.transition('approved')
    def approve(cls, swaps):
        "Swap the employees of the shifts, keeping the roster valid"
        pool = Pool()
        Shift = pool.get('salon.shift')
        cls.check_decider(swaps)
        moves = []  # (shift, from employee, to employee)
        for swap in swaps:
            moves.append(
                (swap.shift, swap.requested_by, swap.with_employee))
            if swap.with_shift:
                moves.append(
                    (swap.with_shift, swap.with_employee, swap.requested_by))
        with without_check_access():
            cls.check_moves(moves)
            to_write = []
            for shift, _, to in moves:
                to_write.extend([[shift], {'employee': to.id}])
            if to_write:
                Shift.write(*to_write)
        cls.write(swaps, {'approved_by': Transaction().user})

    @classmethod
    def check_moves(cls, moves):
        """Refuse a move giving an employee two overlapping shifts or
        leaving appointments without their employee's shift"""
        pool = Pool()
        Shift = pool.get('salon.shift')
        Busy = pool.get('salon.appointment.busy')
        cursor = Transaction().connection.cursor()
        if not moves:
            return
        moved = {s.id for s, _, _ in moves}
        employees = {e.id for _, f, t in moves for e in (f, t)}
        lower = min(s.start for s, _, _ in moves)
        upper = max(s.end for s, _, _ in moves)
        table = Shift.__table__()
        cursor.execute(*table.select(
                table.id, table.employee, table.start, table.end,
                where=SQL_OPERATORS['in'](table.employee, list(employees))
                & (table.start < upper) & (table.end > lower)))
        shifts = defaultdict(list)
        for id_, employee, start, end in cursor:
            if id_ not in moved:
                shifts[employee].append((start, end))
        busy = Busy.__table__()
        cursor.execute(*busy.select(
                busy.employee, busy.start, busy.end,
                where=SQL_OPERATORS['in'](busy.employee, list(employees))
                & (busy.start < upper) & (busy.end > lower)))
        booked = defaultdict(list)
        for employee, start, end in cursor:
            booked[employee].append((start, end))
        for shift, from_, to in moves:
            tzinfo = shift.store.tzinfo
            values = {
                'start': format_local(shift.start, tzinfo),
                'end': format_local(shift.end, tzinfo)[-5:],
                }
            for start, end in shifts[to.id]:
                if start < shift.end and end > shift.start:
                    raise ShiftSwapError(gettext(
                            'salon_booking.msg_swap_overlap',
                            employee=to.rec_name, **values))
            for start, end in booked[from_.id]:
                if start < shift.end and end > shift.start:
                    raise ShiftSwapError(gettext(
                            'salon_booking.msg_swap_booked',
                            employee=from_.rec_name, **values))
            shifts[to.id].append((shift.start, shift.end))
