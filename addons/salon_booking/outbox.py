# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Outbox of the messages to the clients: confirmations, reminders and
cancellation notices sent by a cron through pluggable backends.

A backend is a method ``_send_<channel>(self)`` of ``salon.outbox`` that
returns on success and raises on failure; extend the channel selection and
add the method to plug another one."""
import datetime as dt
import json
import logging
import urllib.request
from collections import defaultdict
from email.message import EmailMessage

from trytond import config
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.modules.salon_crm.common import utc_now as _now
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.sendmail import sendmail
from trytond.transaction import Transaction, without_check_access

from .common import format_local

logger = logging.getLogger(__name__)

CHANNELS = [
    ('email', "E-mail"),
    ('sms', "SMS"),
    ('wechat', "WeChat"),
    ]
KINDS = [
    (None, ""),
    ('confirmation', "Confirmation"),
    ('reminder', "Reminder"),
    ('cancellation', "Cancellation"),
    ]
OUTBOX_STATES = [
    ('queued', "Queued"),
    ('sent', "Sent"),
    ('failed', "Failed"),
    ('cancelled', "Cancelled"),
    ]


class Configuration(metaclass=PoolMeta):
    __name__ = 'salon.configuration'

    outbox_sms_url = fields.Char(
        "SMS Gateway URL",
        help="The URL to which the SMS are posted as JSON.")
    outbox_wechat_url = fields.Char(
        "WeChat Gateway URL",
        help="The URL to which the WeChat messages are posted as JSON.")
    outbox_http_token = fields.Char(
        "Gateway Token",
        help="Sent as a bearer token to the gateways, if set.")
    outbox_http_timeout = fields.Integer(
        "Gateway Timeout", required=True, help="In seconds.")
    outbox_max_attempts = fields.Integer(
        "Maximum Attempts", required=True,
        help="A message still failing after this many attempts is marked "
        "as failed.")
    outbox_retry_minutes = fields.Integer(
        "Retry Delay", required=True,
        help="In minutes, the delay before the first retry; it doubles "
        "after each failure.")
    outbox_reminder_hours = fields.Integer(
        "Reminder Delay", required=True,
        help="In hours before the start, when the reminder is sent.")

    @classmethod
    def default_outbox_http_timeout(cls):
        return 10

    @classmethod
    def default_outbox_max_attempts(cls):
        return 8

    @classmethod
    def default_outbox_retry_minutes(cls):
        return 5

    @classmethod
    def default_outbox_reminder_hours(cls):
        return 24


class Outbox(ModelSQL, ModelView):
    "A message to send to a client"
    __name__ = 'salon.outbox'

    channel = fields.Selection(CHANNELS, "Channel", required=True)
    recipient = fields.Char(
        "Recipient", required=True,
        help="The e-mail address or the mobile number.")
    party = fields.Many2One('party.party', "Party", ondelete='SET NULL')
    subject = fields.Char("Subject")
    body = fields.Text("Body", required=True)
    language = fields.Char("Language")
    kind = fields.Selection(KINDS, "Kind")
    appointment = fields.Many2One(
        'salon.appointment', "Appointment", ondelete='SET NULL')
    state = fields.Selection(
        OUTBOX_STATES, "State", required=True, readonly=True, sort=False)
    attempts = fields.Integer("Attempts", required=True, readonly=True)
    next_try = fields.DateTime(
        "Next Try", required=True,
        states={
            'readonly': Eval('state') != 'queued',
            })
    sent_at = fields.DateTime("Sent at", readonly=True)
    last_error = fields.Text("Last Error", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.next_try, Index.Range()),
                    where=t.state == 'queued'),
                Index(t, (t.appointment, Index.Equality())),
                })
        cls._order = [('next_try', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_state(cls):
        return 'queued'

    @classmethod
    def default_attempts(cls):
        return 0

    @classmethod
    def default_next_try(cls):
        return _now()

    def get_rec_name(self, name):
        return '%s: %s' % (self.recipient, self.subject or '')

    @classmethod
    @without_check_access
    def queue(cls, channel, recipient, body, subject=None, language=None,
            next_try=None, **values):
        "Queue a message and return it"
        message, = cls.create([dict(
                    channel=channel, recipient=recipient, subject=subject,
                    body=body, language=language,
                    next_try=next_try or _now(), **values)])
        return message

    @classmethod
    def contact(cls, party):
        """Return the channel and the recipient to reach the party: the
        e-mail if any, else SMS to the mobile"""
        mechanism = party.contact_mechanism_get({'email'})
        if mechanism:
            return 'email', mechanism.value
        mechanism = party.contact_mechanism_get({'mobile'})
        if mechanism:
            # the gateways want the E.164 number
            return 'sms', mechanism.value_compact or mechanism.value
        return None, None

    @classmethod
    def render(cls, kind, appointment, language):
        "Return the subject and the body of kind for the appointment"
        with Transaction().set_context(language=language):
            appointment = appointment.__class__(appointment.id)
            values = {
                'client': appointment.client.rec_name,
                'number': appointment.number or '',
                'store': appointment.store.rec_name,
                'start': format_local(
                    appointment.start, appointment.store.tzinfo),
                'services': ', '.join(
                    line.product.rec_name for line in appointment.lines),
                'employee': (appointment.employee.rec_name
                    if appointment.employee else ''),
                }
            subject = gettext(
                'salon_booking.msg_outbox_%s_subject' % kind, **values)
            body = gettext(
                'salon_booking.msg_outbox_%s_body' % kind, **values)
        return subject, body

    @classmethod
    @without_check_access
    def queue_appointments(cls, appointments, kinds):
        """Queue the messages of kinds (one or a list) for each appointment
        (one create); reminders are due the configured hours before the
        start"""
        pool = Pool()
        Configuration = pool.get('salon.configuration')
        config_ = Configuration(1)
        if isinstance(kinds, str):
            kinds = [kinds]
        now = _now()
        default_language = Transaction().language
        to_create = []
        for appointment in appointments:
            due = {}
            for kind in kinds:
                next_try = now
                if kind == 'reminder':
                    next_try = appointment.start - dt.timedelta(
                        hours=config_.outbox_reminder_hours)
                    if next_try < now:
                        # too late to remind: the confirmation is enough
                        continue
                due[kind] = next_try
            if not due:
                continue
            channel, recipient = cls.contact(appointment.client)
            if not channel:
                logger.info(
                    "no e-mail nor mobile for %s",
                    appointment.client.rec_name)
                continue
            language = (appointment.client.lang.code
                if appointment.client.lang else default_language)
            for kind, next_try in due.items():
                subject, body = cls.render(kind, appointment, language)
                to_create.append({
                        'channel': channel,
                        'recipient': recipient,
                        'party': appointment.client.id,
                        'subject': subject,
                        'body': body,
                        'language': language,
                        'kind': kind,
                        'appointment': appointment.id,
                        'next_try': next_try,
                        })
        return cls.create(to_create)

    @classmethod
    @without_check_access
    def cancel_queued(cls, appointments, kinds=('reminder',)):
        "Cancel the queued messages of kinds of the appointments"
        messages = cls.search([
                ('appointment', 'in', [a.id for a in appointments]),
                ('kind', 'in', list(kinds)),
                ('state', '=', 'queued'),
                ])
        if messages:
            cls.write(messages, {'state': 'cancelled'})

    @classmethod
    def send_due(cls, now=None, limit=None):
        """Send the queued messages due at now (default: the current time)
        and schedule the failed ones for a retry with backoff"""
        pool = Pool()
        Configuration = pool.get('salon.configuration')
        config_ = Configuration(1)
        if now is None:
            now = _now()
        messages = cls.search([
                ('state', '=', 'queued'),
                ('next_try', '<=', now),
                ], order=[('next_try', 'ASC'), ('id', 'ASC')], limit=limit)
        sent, retry = [], defaultdict(list)
        for message in messages:
            try:
                message.send()
            except Exception as exception:
                logger.info(
                    "fail to send message %s", message.id, exc_info=True)
                error = str(exception) or exception.__class__.__name__
                retry[message.attempts + 1, error[:1000]].append(message)
            else:
                sent.append(message)
        to_write = []
        if sent:
            for attempts, group in cls._group_attempts(sent).items():
                to_write.extend([group, {
                            'state': 'sent',
                            'attempts': attempts,
                            'sent_at': now,
                            'last_error': None,
                            }])
        delay = dt.timedelta(minutes=config_.outbox_retry_minutes)
        for (attempts, error), group in retry.items():
            values = {'attempts': attempts, 'last_error': error}
            if attempts >= config_.outbox_max_attempts:
                values['state'] = 'failed'
            else:
                values['next_try'] = now + delay * 2 ** (attempts - 1)
            to_write.extend([group, values])
        if to_write:
            cls.write(*to_write)
        return messages

    @classmethod
    def _group_attempts(cls, messages):
        groups = defaultdict(list)
        for message in messages:
            groups[message.attempts + 1].append(message)
        return groups

    def send(self):
        "Send the message through the backend of its channel or raise"
        getattr(self, '_send_%s' % self.channel)()

    def _send_email(self):
        msg = EmailMessage()
        from_ = config.get('email', 'from')
        msg['From'] = from_
        msg['To'] = self.recipient
        msg['Subject'] = self.subject or ''
        if self.language:
            msg['Content-Language'] = self.language
        msg.set_content(self.body)
        sendmail(from_, [self.recipient], msg, strict=True)

    def _send_sms(self):
        Configuration = Pool().get('salon.configuration')
        self._send_http(Configuration(1).outbox_sms_url)

    def _send_wechat(self):
        Configuration = Pool().get('salon.configuration')
        self._send_http(Configuration(1).outbox_wechat_url)

    def _http_payload(self):
        return {
            'id': self.id,
            'channel': self.channel,
            'to': self.recipient,
            'subject': self.subject,
            'body': self.body,
            'language': self.language,
            }

    def _send_http(self, url):
        "POST the message as JSON to url; a non-2xx status raises"
        Configuration = Pool().get('salon.configuration')
        config_ = Configuration(1)
        if not url:
            raise ValueError(
                "no gateway URL configured for %s" % self.channel)
        data = json.dumps(self._http_payload()).encode('utf-8')
        request = urllib.request.Request(url, data=data, method='POST')
        request.add_header('Content-Type', 'application/json')
        if config_.outbox_http_token:
            request.add_header(
                'Authorization', 'Bearer %s' % config_.outbox_http_token)
        # urlopen raises HTTPError on the 4xx and 5xx statuses
        with urllib.request.urlopen(
                request, timeout=config_.outbox_http_timeout) as response:
            if not 200 <= response.status < 300:
                raise ValueError("HTTP status %s" % response.status)


class Appointment(metaclass=PoolMeta):
    __name__ = 'salon.appointment'

    @classmethod
    def draft(cls, appointments):
        super().draft(appointments)
        Pool().get('salon.outbox').cancel_queued(appointments)

    @classmethod
    def confirm(cls, appointments):
        Outbox = Pool().get('salon.outbox')
        drafts = [a.id for a in appointments if a.state == 'draft']
        super().confirm(appointments)
        confirmed = [a for a in cls.browse(drafts) if a.state == 'confirmed']
        if confirmed:
            # back to draft cancelled the messages queued before
            Outbox.queue_appointments(
                confirmed, ['confirmation', 'reminder'])

    @classmethod
    def cancel(cls, appointments):
        Outbox = Pool().get('salon.outbox')
        notify = [a.id for a in appointments if a.state == 'confirmed']
        super().cancel(appointments)
        cancelled = cls.browse(
            [a.id for a in appointments if a.id is not None])
        cancelled = [a for a in cancelled if a.state == 'cancelled']
        Outbox.cancel_queued(cancelled)
        notify = [a for a in cls.browse(notify) if a.state == 'cancelled']
        if notify:
            Outbox.queue_appointments(notify, 'cancellation')

    @classmethod
    def no_show(cls, appointments):
        super().no_show(appointments)
        Pool().get('salon.outbox').cancel_queued(appointments)


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(
            ('salon.outbox|send_due', "Send Salon Messages"))
