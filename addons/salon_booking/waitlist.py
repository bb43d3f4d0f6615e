# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The waitlist: clients waiting for a slot; a cancelled appointment is
offered to the oldest waiting client whose wish it fits."""
import logging

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.modules.salon_crm.common import utc_now as _now
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from .common import format_local
from .exceptions import WaitlistError
from .slot import SlotFinder

logger = logging.getLogger(__name__)

WAITLIST_STATES = [
    ('waiting', "Waiting"),
    ('offered', "Offered"),
    ('booked', "Booked"),
    ('expired', "Expired"),
    ('cancelled', "Cancelled"),
    ]


class Waitlist(Workflow, ModelSQL, ModelView):
    "A client waiting for a free slot"
    __name__ = 'salon.waitlist'

    _states = {
        'readonly': Eval('state') != 'waiting',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    client = fields.Many2One(
        'party.party', "Client", required=True, ondelete='CASCADE',
        domain=[('salon_client', '=', True)],
        context={
            'salon_client': True,
            'company': Eval('company', -1),
            },
        states=_states, depends={'company'})
    store = fields.Many2One(
        'salon.store', "Store", required=True, ondelete='CASCADE',
        domain=[('company', '=', Eval('company', -1))], states=_states)
    services = fields.Many2Many(
        'salon.waitlist-product.product', 'waitlist', 'product',
        "Services", domain=[('template.salon_service', '=', True)],
        context={
            'company': Eval('company', -1),
            },
        states=_states, depends={'company'})
    employee = fields.Many2One(
        'company.employee', "Employee", ondelete='SET NULL',
        domain=[('company', '=', Eval('company', -1))], states=_states,
        help="Leave empty for any employee.")
    window_start = fields.DateTime(
        "From", required=True, states=_states,
        help="The earliest start the client accepts.")
    window_end = fields.DateTime(
        "To", required=True, states=_states,
        help="The latest end the client accepts.")
    state = fields.Selection(
        WAITLIST_STATES, "State", readonly=True, required=True, sort=False)
    offered_start = fields.DateTime(
        "Offered Start", readonly=True,
        states={
            'invisible': ~Eval('offered_start'),
            })
    offered_employee = fields.Many2One(
        'company.employee', "Offered Employee", readonly=True,
        states={
            'invisible': ~Eval('offered_employee'),
            })
    appointment = fields.Many2One(
        'salon.appointment', "Appointment", readonly=True,
        ondelete='SET NULL',
        states={
            'invisible': ~Eval('appointment'),
            })
    notes = fields.Text("Notes")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.store, Index.Equality()),
                (t.window_start, Index.Range()),
                where=t.state == 'waiting'))
        cls._order = [('create_date', 'ASC'), ('id', 'ASC')]
        cls.__access__.add('store')
        cls._transitions |= {
            ('waiting', 'offered'),
            ('waiting', 'cancelled'),
            ('waiting', 'expired'),
            ('offered', 'booked'),
            ('offered', 'waiting'),
            ('offered', 'cancelled'),
            ('offered', 'expired'),
            ('cancelled', 'waiting'),
            }
        cls._buttons.update({
                'accept': {
                    'invisible': Eval('state') != 'offered',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'decline': {
                    'invisible': Eval('state') != 'offered',
                    'icon': 'tryton-back',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(['waiting', 'offered']),
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'wait': {
                    'invisible': Eval('state') != 'cancelled',
                    'icon': 'tryton-back',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'waiting'

    @fields.depends('store', 'client')
    def on_change_client(self):
        if self.client and not self.store:
            self.store = self.client.salon_home_store

    def get_rec_name(self, name):
        return '%s @ %s' % (self.client.rec_name, self.store.rec_name)

    @classmethod
    def validate_fields(cls, entries, field_names):
        super().validate_fields(entries, field_names)
        for entry in entries:
            if entry.window_end <= entry.window_start:
                raise WaitlistError(gettext(
                        'salon_booking.msg_waitlist_window',
                        waitlist=entry.rec_name))
            if field_names & {'services'} and not entry.services:
                raise WaitlistError(gettext(
                        'salon_booking.msg_waitlist_no_services',
                        waitlist=entry.rec_name))

    @classmethod
    def copy(cls, entries, default=None):
        default = default.copy() if default is not None else {}
        for name in ['offered_start', 'offered_employee', 'appointment']:
            default.setdefault(name)
        return super().copy(entries, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('waiting')
    def wait(cls, entries):
        cls.write(entries, {'offered_start': None, 'offered_employee': None})

    @classmethod
    @ModelView.button
    @Workflow.transition('waiting')
    def decline(cls, entries):
        "The client does not want the offer: wait for another one"
        cls.write(entries, {'offered_start': None, 'offered_employee': None})

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, entries):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('booked')
    def accept(cls, entries):
        "Book the offered slot for the client"
        Appointment = Pool().get('salon.appointment')
        now = _now()
        for entry in entries:
            if not entry.offered_start or entry.offered_start < now:
                raise WaitlistError(gettext(
                        'salon_booking.msg_waitlist_offer_past',
                        waitlist=entry.rec_name))
        for entry in entries:
            employee = entry.offered_employee or entry.employee
            with Transaction().set_context(salon_source='phone'):
                entry.appointment = Appointment.book(
                    entry.client.id, entry.store.id,
                    [s.id for s in entry.services], entry.offered_start,
                    employee.id if employee else None)
        cls.save(entries)

    @classmethod
    def expire(cls, now=None):
        "Expire the entries whose window or offer has passed"
        if now is None:
            now = _now()
        entries = cls.search(['OR', [
                    ('state', '=', 'waiting'),
                    ('window_end', '<=', now),
                    ], [
                    ('state', '=', 'offered'),
                    ('offered_start', '<=', now),
                    ]])
        if entries:
            cls.write(entries, {'state': 'expired'})
        return entries

    @classmethod
    def _finder(cls, finders, entry):
        key = (entry.store.id, tuple(s.id for s in entry.services),
            entry.employee.id if entry.employee else None)
        finder = finders.get(key)
        if finder is None:
            finder = finders[key] = SlotFinder(
                entry.store, list(entry.services), entry.employee)
        return finder

    @classmethod
    @without_check_access
    def offer_freed(cls, appointments):
        """Offer the slots freed by the cancelled appointments to the
        oldest waiting client each fits; return the offered entries"""
        Outbox = Pool().get('salon.outbox')
        now = _now()
        appointments = sorted(
            (a for a in appointments if a.start > now and a.lines),
            key=lambda a: (a.start, a.id))
        if not appointments:
            return []
        entries = cls.search([
                ('state', '=', 'waiting'),
                ('store', 'in', list({a.store.id for a in appointments})),
                ('window_start', '<=', max(a.start for a in appointments)),
                ('window_end', '>', min(a.start for a in appointments)),
                ], order=[('create_date', 'ASC'), ('id', 'ASC')])
        finders, offered, loaded = {}, [], set()
        for appointment in appointments:
            products = {l.product.id for l in appointment.lines}
            employees = {l.employee.id for l in appointment.lines}
            start = appointment.start
            for entry in entries:
                if (entry.state != 'waiting'
                        or entry.store != appointment.store
                        or not entry.services
                        or not {s.id for s in entry.services} <= products
                        or (entry.employee
                            and entry.employee.id not in employees)
                        or entry.window_start > start):
                    continue
                finder = cls._finder(finders, entry)
                if start + finder.length > entry.window_end:
                    continue
                if (id(finder), start) not in loaded:
                    # confirm the slot is free as find_slots does
                    finder.load(start, start)
                    loaded.add((id(finder), start))
                allocation = finder.is_open(start) and finder.fit(start)
                if not allocation:
                    continue
                entry.state = 'offered'
                entry.offered_start = start
                entry.offered_employee = allocation[0][1]
                offered.append(entry)
                break
        if offered:
            cls.save(offered)
            Outbox.queue_waitlist(offered)
        return offered

    def offer_values(self):
        "The values of the offer message"
        tzinfo = self.store.tzinfo
        return {
            'client': self.client.rec_name,
            'store': self.store.rec_name,
            'start': format_local(self.offered_start, tzinfo),
            'services': ', '.join(s.rec_name for s in self.services),
            'employee': (self.offered_employee.rec_name
                if self.offered_employee else ''),
            }


class WaitlistService(ModelSQL):
    __name__ = 'salon.waitlist-product.product'

    waitlist = fields.Many2One(
        'salon.waitlist', "Waitlist", required=True, ondelete='CASCADE')
    product = fields.Many2One(
        'product.product', "Service", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('waitlist')


class Outbox(metaclass=PoolMeta):
    __name__ = 'salon.outbox'

    waitlist = fields.Many2One(
        'salon.waitlist', "Waitlist", ondelete='SET NULL',
        states={
            'invisible': ~Eval('waitlist'),
            })

    @classmethod
    def __setup__(cls):
        super().__setup__()
        kind = ('waitlist_offer', "Waitlist Offer")
        if kind not in cls.kind.selection:
            cls.kind.selection.append(kind)

    @classmethod
    @without_check_access
    def queue_waitlist(cls, entries):
        "Queue the offer of each waitlist entry (one create)"
        default_language = Transaction().language
        to_create = []
        for entry in entries:
            channel, recipient = cls.contact(entry.client)
            if not channel:
                logger.info(
                    "no e-mail nor mobile for %s", entry.client.rec_name)
                continue
            language = (entry.client.lang.code
                if entry.client.lang else default_language)
            with Transaction().set_context(language=language):
                values = entry.__class__(entry.id).offer_values()
                subject = gettext(
                    'salon_booking.msg_outbox_waitlist_offer_subject',
                    **values)
                body = gettext(
                    'salon_booking.msg_outbox_waitlist_offer_body',
                    **values)
            to_create.append({
                    'channel': channel,
                    'recipient': recipient,
                    'party': entry.client.id,
                    'subject': subject,
                    'body': body,
                    'language': language,
                    'kind': 'waitlist_offer',
                    'waitlist': entry.id,
                    })
        return cls.create(to_create)


class Appointment(metaclass=PoolMeta):
    __name__ = 'salon.appointment'

    @classmethod
    def cancel(cls, appointments):
        Waitlist = Pool().get('salon.waitlist')
        freed = [a.id for a in appointments if a.state == 'confirmed']
        super().cancel(appointments)
        freed = [a for a in cls.browse(freed) if a.state == 'cancelled']
        if freed:
            Waitlist.offer_freed(freed)


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(
            ('salon.waitlist|expire', "Expire Waitlist Entries"))
