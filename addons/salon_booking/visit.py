# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The client's history shown at check-in, the reminder that follows a
rescheduled appointment and the checkout undone by a cancelled visit."""
import datetime as dt
from collections import defaultdict

from sql import Window
from sql.functions import RowNumber

from trytond import backend
from trytond.i18n import gettext
from trytond.model import fields
from trytond.model.fields import SQL_OPERATORS
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access

from .common import to_local
from .exceptions import CancelVisitError


class Configuration(metaclass=PoolMeta):
    __name__ = 'salon.configuration'

    checkin_history_lines = fields.Integer(
        "Services at Check-in", required=True,
        help="How many of the client's last services check-in shows.")

    @classmethod
    def default_checkin_history_lines(cls):
        return 5


class Appointment(metaclass=PoolMeta):
    __name__ = 'salon.appointment'

    client_last_services = fields.Function(
        fields.Text("Last Services"), 'get_client_last_services')

    @classmethod
    def get_client_last_services(cls, appointments, name):
        """The last services done for the client of each appointment, one
        query for all"""
        pool = Pool()
        Line = pool.get('salon.appointment.line')
        Configuration = pool.get('salon.configuration')
        limit = Configuration(1).checkin_history_lines or 0
        result = {a.id: None for a in appointments}
        clients = {a.client.id for a in appointments}
        if not limit or not clients:
            return result
        line = Line.__table__()
        appointment = cls.__table__()
        cursor = Transaction().connection.cursor()
        rows = defaultdict(list)
        for sub_ids in grouped_slice(
                list(clients), backend.MAX_QUERY_PARAMS):
            ranked = line.join(appointment,
                condition=line.appointment == appointment.id
                ).select(
                    appointment.client.as_('client'),
                    line.id.as_('line'),
                    line.start.as_('start'),
                    RowNumber(window=Window([appointment.client],
                            order_by=[line.start.desc, line.id.desc])
                        ).as_('rank'),
                    where=SQL_OPERATORS['in'](appointment.client, sub_ids)
                    & (appointment.state == 'done'))
            cursor.execute(*ranked.select(
                    ranked.client, ranked.line,
                    where=ranked.rank <= limit,
                    order_by=[ranked.client, ranked.start.desc,
                        ranked.line.desc]))
            for client, line_id in cursor:
                rows[client].append(line_id)
        lines = {l.id: l for l in Line.browse(
                [i for ids in rows.values() for i in ids])}
        for record in appointments:
            text = []
            for line_id in rows.get(record.client.id, []):
                line_ = lines[line_id]
                tzinfo = line_.appointment.store.tzinfo
                day = to_local(line_.start, tzinfo).date().isoformat()
                text.append('%s %s (%s)' % (day,
                        line_.product.rec_name, line_.employee.rec_name))
            result[record.id] = '\n'.join(text) or None
        return result

    @classmethod
    def cancel(cls, appointments):
        cls.cancel_sales(appointments)
        super().cancel(appointments)

    @classmethod
    def cancel_sales(cls, appointments):
        """Cancel the POS sales of the appointments being cancelled

        A sale done without payment (e.g. paid by a package session) is
        opened again first: the sale's own workflow gives back what its
        completion took. A sale paid or posted is refused: the money goes
        back at the POS first."""
        pool = Pool()
        Sale = pool.get('sale.point.sale')
        sales = {}
        for appointment in appointments:
            sale = appointment.sale
            if not sale or sale.state == 'cancelled':
                continue
            if sale.state == 'posted':
                raise CancelVisitError(gettext(
                        'salon_booking.msg_cancel_visit_sale_posted',
                        appointment=appointment.rec_name,
                        sale=sale.rec_name))
            if sale.amount_paid:
                raise CancelVisitError(gettext(
                        'salon_booking.msg_cancel_visit_sale_paid',
                        appointment=appointment.rec_name,
                        sale=sale.rec_name or sale.id,
                        amount=sale.amount_paid))
            sales[sale] = None
        sales = list(sales)
        Sale.open([s for s in sales if s.state == 'done'])
        Sale.cancel(sales)

    @classmethod
    def on_modification(cls, mode, appointments, field_names=None):
        super().on_modification(mode, appointments, field_names=field_names)
        if mode == 'write' and 'start' in (field_names or set()):
            cls.move_reminders(
                [a for a in appointments if a.state == 'confirmed'])

    @classmethod
    def move_reminders(cls, appointments):
        "Queue the reminders again of the appointments whose start moved"
        pool = Pool()
        Outbox = pool.get('salon.outbox')
        Configuration = pool.get('salon.configuration')
        if not appointments:
            return
        hours = dt.timedelta(hours=Configuration(1).outbox_reminder_hours)
        starts = {a.id: a.start for a in appointments}
        with without_check_access():
            cls._move_reminders(Outbox, starts, hours)

    @classmethod
    def _move_reminders(cls, Outbox, starts, hours):
        reminders = Outbox.search([
                ('appointment', 'in', list(starts)),
                ('kind', '=', 'reminder'),
                ('state', '=', 'queued'),
                ])
        moved = [r for r in reminders
            if r.next_try != starts[r.appointment.id] - hours]
        if moved:
            Outbox.write(moved, {'state': 'cancelled'})
            Outbox.queue_appointments(
                cls.browse({r.appointment.id for r in moved}), 'reminder')
