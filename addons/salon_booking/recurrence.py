# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Repeat an appointment every N weeks: the free occurrences are booked in
one transaction, the others reported with the nearest free slots."""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .common import format_local, to_local, to_utc
from .exceptions import RepeatError
from .slot import SlotFinder

ALTERNATIVES = 3


class RepeatStart(ModelView):
    __name__ = 'salon.appointment.repeat.start'

    weeks = fields.Integer(
        "Every", required=True, help="In weeks, the interval between two "
        "occurrences.")
    times = fields.Integer(
        "Occurrences", required=True,
        help="How many appointments to add after this one.")

    @classmethod
    def default_weeks(cls):
        return 1

    @classmethod
    def default_times(cls):
        return 4


class RepeatResult(ModelView):
    __name__ = 'salon.appointment.repeat.result'

    appointments = fields.Many2Many(
        'salon.appointment', None, None, "Booked", readonly=True)
    report = fields.Text("Conflicts", readonly=True)


class Repeat(Wizard):
    __name__ = 'salon.appointment.repeat'

    start = StateView('salon.appointment.repeat.start',
        'salon_booking.appointment_repeat_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Repeat", 'repeat', 'tryton-ok', default=True),
            ])
    repeat = StateTransition()
    result = StateView('salon.appointment.repeat.result',
        'salon_booking.appointment_repeat_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def transition_repeat(self):
        Appointment = Pool().get('salon.appointment')
        created, conflicts = Appointment.repeat(
            self.record, self.start.weeks, self.start.times)
        self.result.appointments = created
        self.result.report = '\n'.join(conflicts)
        return 'result'

    def default_result(self, fields):
        return {
            'appointments': [a.id for a in self.result.appointments],
            'report': self.result.report,
            }


class Appointment(metaclass=PoolMeta):
    __name__ = 'salon.appointment'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'repeat_wizard': {
                    'invisible': Eval('state').in_(['cancelled', 'no_show']),
                    'icon': 'tryton-copy',
                    'depends': ['state'],
                    },
                })

    @classmethod
    @ModelView.button_action('salon_booking.wizard_appointment_repeat')
    def repeat_wizard(cls, appointments):
        pass

    @classmethod
    def repeat(cls, appointment, weeks, times):
        return repeat(cls, appointment, weeks, times)


def occurrence_free(finder, appointment, delta):
    "Whether the lines of appointment shifted by delta are all free"
    start = appointment.start + delta
    if not finder.is_open(start):
        return False
    for line in appointment.lines:
        intervals = [(s + delta, e + delta)
            for s, e in line.employee_intervals()]
        if not finder._employee_fits(line.employee.id, intervals):
            return False
        room = line.room_interval()
        if room and not finder._room_fits(
                line.room.id, room[0] + delta, room[1] + delta):
            return False
        if line.extra_resources:
            start, end = line.resource_interval()
            for resource in line.extra_resources:
                if not finder._room_fits(
                        resource.id, start + delta, end + delta):
                    return False
    return True


def repeat(cls, appointment, weeks, times):
    """Book appointment again every weeks weeks, times times; return the
    confirmed appointments and the lines reporting the conflicts"""
    pool = Pool()
    Busy = pool.get('salon.appointment.busy')
    Line = pool.get('salon.appointment.line')
    if (weeks or 0) < 1 or (times or 0) < 1 or times > 52:
        raise RepeatError(gettext('salon_booking.msg_repeat_values'))
    if appointment.state not in {'draft', 'confirmed', 'arrived', 'done'}:
        raise RepeatError(gettext(
                'salon_booking.msg_repeat_state',
                appointment=appointment.rec_name))
    if not appointment.lines:
        raise RepeatError(gettext(
                'salon_booking.msg_no_services',
                appointment=appointment.rec_name))
    Busy.guard()
    store = appointment.store
    tzinfo = store.tzinfo
    products = [l.product for l in appointment.lines]
    finder = SlotFinder(store, products)
    finder.length = appointment.end - appointment.start
    # keep the local time across DST changes
    local = to_local(appointment.start, tzinfo)
    deltas = [to_utc(local + dt.timedelta(weeks=weeks * i), tzinfo)
        - appointment.start for i in range(1, times + 1)]
    # one load over the whole period
    finder.load(appointment.start + deltas[0],
        appointment.start + deltas[-1])
    to_create, conflicts = [], []
    for delta in deltas:
        start = appointment.start + delta
        if occurrence_free(finder, appointment, delta):
            lines = [Line(
                    product=l.product, employee=l.employee, room=l.room,
                    extra_resources=l.extra_resources,
                    start=l.start + delta, end=l.end + delta,
                    price=l.price, sequence=l.sequence)
                for l in appointment.lines]
            to_create.append(cls(
                    company=appointment.company, client=appointment.client,
                    store=store, employee=appointment.employee,
                    room=appointment.room, start=start,
                    end=appointment.end + delta, lines=lines,
                    source=appointment.source, notes=appointment.notes))
            continue
        day = to_local(start, tzinfo).date()
        lower = to_utc(dt.datetime.combine(day, dt.time()), tzinfo)
        upper = lower + dt.timedelta(days=1) - dt.timedelta(seconds=1)
        slots = sorted(finder.slots(lower, upper),
            key=lambda s: (abs(s[0] - start), s[0]))
        alternatives = sorted(s for s, _ in slots[:ALTERNATIVES])
        if alternatives:
            conflicts.append(gettext(
                    'salon_booking.msg_repeat_conflict',
                    start=format_local(start, tzinfo),
                    alternatives=', '.join(
                        format_local(a, tzinfo)[-5:]
                        for a in alternatives)))
        else:
            conflicts.append(gettext(
                    'salon_booking.msg_repeat_conflict_none',
                    start=format_local(start, tzinfo)))
    if to_create:
        cls.save(to_create)
        if appointment.state != 'draft':
            cls.confirm(to_create)
    return to_create, conflicts
