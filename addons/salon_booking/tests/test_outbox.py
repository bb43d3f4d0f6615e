# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The outbox end-to-end: e-mail through a real local SMTP server
(aiosmtpd) and SMS through a local HTTP server, failures and retries."""
import datetime as dt
import json
import socket
import threading
import unittest
from contextlib import contextmanager
from decimal import Decimal
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

from trytond import config
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.salon_crm.tests.database import ModuleDatabaseMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def now():
    return dt.datetime.now(dt.timezone.utc).replace(
        tzinfo=None, microsecond=0)


class SMTPHandler:
    "Collect the messages received by the SMTP server"

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((
                envelope.mail_from, list(envelope.rcpt_tos),
                message_from_bytes(envelope.content, policy=policy.default)))
        return '250 Message accepted for delivery'


class Gateway(BaseHTTPRequestHandler):
    "An SMS gateway failing the first `fail` requests"
    fail = 0
    received = []

    def do_POST(self):
        length = int(self.headers.get('Content-Length', 0))
        payload = json.loads(self.rfile.read(length))
        server = self.server
        with server.lock:
            server.count += 1
            failing = server.count <= server.fail
            if not failing:
                server.received.append(payload)
        self.send_response(500 if failing else 200)
        self.send_header('Content-Type', 'application/json')
        self.end_headers()
        self.wfile.write(b'{"ok": %s}' % (b'false' if failing else b'true'))

    def log_message(self, *args):
        pass


class SalonOutboxTestCase(ModuleDatabaseMixin, unittest.TestCase):
    "Test the outbox of salon_booking"
    module = 'salon_booking'

    def setUp(self):
        super().setUp()
        # a real SMTP server
        self.smtp = SMTPHandler()
        self.controller = Controller(
            self.smtp, hostname='127.0.0.1', port=free_port())
        self.controller.start()
        self.addCleanup(self.controller.stop)
        self._set_config(
            'email', 'uri', 'smtp://127.0.0.1:%s' % self.controller.port)
        self._set_config('email', 'from', 'salon@example.com')
        # a real HTTP gateway
        self.http = ThreadingHTTPServer(('127.0.0.1', 0), Gateway)
        self.http.lock = threading.Lock()
        self.http.count = 0
        self.http.fail = 0
        self.http.received = []
        thread = threading.Thread(
            target=self.http.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(self.http.server_close)
        self.addCleanup(self.http.shutdown)
        self.gateway_url = 'http://127.0.0.1:%s/sms' % (
            self.http.server_address[1])

    def _set_config(self, section, option, value):
        if not config.has_section(section):
            config.add_section(section)
        old = config.get(section, option)
        config.set(section, option, value)

        def restore():
            if old is None:
                config._config.remove_option(section, option)
                config._cache_clear()
            else:
                config.set(section, option, old)
        self.addCleanup(restore)

    @contextmanager
    def booking(self, email=None, mobile=None):
        """Yield the client, a function booking a cut at a local hour of
        the day in two weeks and a function converting such an hour to
        UTC"""
        company = create_company()
        with set_company(company):
            yield self._setup_booking(company, email, mobile)

    def _setup_booking(self, company, email, mobile):
        pool = Pool()
        Configuration = pool.get('salon.configuration')
        Store = pool.get('salon.store')
        Employee = pool.get('company.employee')
        Party = pool.get('party.party')
        Shift = pool.get('salon.shift')
        Template = pool.get('product.template')
        Uom = pool.get('product.uom')
        Appointment = pool.get('salon.appointment')
        configuration = Configuration(1)
        configuration.outbox_sms_url = self.gateway_url
        configuration.save()
        store, = Store.create([{
                    'name': "Downtown", 'code': 'DT', 'company': company.id,
                    'timezone': 'Asia/Shanghai',
                    }])
        tz = store.tzinfo
        stylist = Party(name="Wang")
        stylist.save()
        employee = Employee(party=stylist, company=company)
        employee.save()
        unit, = Uom.search([('name', '=', 'Unit')])
        template, = Template.create([{
                    'name': "Cut", 'type': 'service',
                    'default_uom': unit.id, 'list_price': Decimal(100),
                    'salon_service': True, 'salon_duration': 60,
                    'products': [('create', [{}])],
                    }])
        product, = template.products
        contacts = []
        if email:
            contacts.append({'type': 'email', 'value': email})
        if mobile:
            contacts.append({'type': 'mobile', 'value': mobile})
        client, = Party.create([{
                    'name': "Guo Xiaoyan", 'salon_client': True,
                    'salon_home_store': store.id,
                    'contact_mechanisms': [('create', contacts)],
                    }])
        day = dt.date.today() + dt.timedelta(days=14)

        def at(hour):
            local = dt.datetime.combine(day, dt.time(hour))
            return local.replace(tzinfo=tz).astimezone(
                dt.timezone.utc).replace(tzinfo=None)
        Shift.create([{
                    'employee': employee.id, 'store': store.id,
                    'start': at(9), 'end': at(18),
                    }])

        def book(hour):
            return Appointment(Appointment.book(
                    client.id, store.id, [product.id], at(hour),
                    employee.id))
        return client, book, at

    @with_transaction()
    def test_outbox_queued_on_book_and_cancel(self):
        "Confirmation and reminder on booking, notice on cancel"
        pool = Pool()
        Outbox = pool.get('salon.outbox')
        Appointment = pool.get('salon.appointment')
        with self.booking(email='guo@example.com') as (client, book, at):

            appointment = book(10)

            confirmation, = Outbox.search([
                    ('appointment', '=', appointment.id),
                    ('kind', '=', 'confirmation')])
            self.assertEqual(confirmation.channel, 'email')
            self.assertEqual(confirmation.recipient, 'guo@example.com')
            self.assertEqual(confirmation.state, 'queued')
            self.assertLessEqual(confirmation.next_try, now())
            self.assertIn("Guo Xiaoyan", confirmation.body)
            self.assertIn(
                at(10).replace(tzinfo=dt.timezone.utc).astimezone(
                    appointment.store.tzinfo).strftime('%Y-%m-%d 10:00'),
                confirmation.body)
            reminder, = Outbox.search([
                    ('appointment', '=', appointment.id),
                    ('kind', '=', 'reminder')])
            self.assertEqual(
                reminder.next_try, appointment.start - dt.timedelta(hours=24))
            self.assertEqual(reminder.state, 'queued')

            Appointment.cancel([appointment])

            notice, = Outbox.search([
                    ('appointment', '=', appointment.id),
                    ('kind', '=', 'cancellation')])
            self.assertEqual(notice.state, 'queued')
            self.assertIn("cancelled", notice.body)
            reminder = Outbox(reminder.id)
            self.assertEqual(reminder.state, 'cancelled')

    @with_transaction()
    def test_outbox_reminder_hours(self):
        "The reminder delay comes from the configuration"
        pool = Pool()
        Outbox = pool.get('salon.outbox')
        Configuration = pool.get('salon.configuration')
        with self.booking(mobile='+8613800138000') as (client, book, at):
            configuration = Configuration(1)
            configuration.outbox_reminder_hours = 2
            configuration.save()

            appointment = book(11)

            reminder, = Outbox.search([
                    ('appointment', '=', appointment.id),
                    ('kind', '=', 'reminder')])
            self.assertEqual(reminder.channel, 'sms')
            self.assertEqual(
                reminder.next_try, appointment.start - dt.timedelta(hours=2))

    @with_transaction()
    def test_outbox_email_end_to_end(self):
        "The SMTP server receives the rendered confirmation"
        pool = Pool()
        Outbox = pool.get('salon.outbox')
        with self.booking(email='guo@example.com') as (client, book, at):
            appointment = book(10)

            sent = Outbox.send_due()

            self.assertEqual(len(sent), 1)
            confirmation, = sent
            self.assertEqual(confirmation.kind, 'confirmation')
            self.assertEqual(confirmation.state, 'sent')
            self.assertEqual(confirmation.attempts, 1)
            self.assertEqual(len(self.smtp.messages), 1)
            mail_from, rcpt_tos, message = self.smtp.messages[0]
            self.assertEqual(mail_from, 'salon@example.com')
            self.assertEqual(rcpt_tos, ['guo@example.com'])
            text = message.get_content()
            self.assertIn("Guo Xiaoyan", text)
            local = appointment.start.replace(
                tzinfo=dt.timezone.utc).astimezone(appointment.store.tzinfo)
            self.assertEqual(local.hour, 10)
            self.assertIn(local.strftime('%Y-%m-%d 10:00'), text)
            self.assertIn(local.strftime('%Y-%m-%d 10:00'), message['Subject'])

            # the reminder goes out 24 h before
            self.assertEqual(Outbox.send_due(), [])
            sent = Outbox.send_due(
                now=appointment.start - dt.timedelta(hours=24))
            reminder, = sent
            self.assertEqual(reminder.kind, 'reminder')
            self.assertEqual(reminder.state, 'sent')
            self.assertEqual(len(self.smtp.messages), 2)
            self.assertIn(
                "remind", self.smtp.messages[1][2].get_content())

    @with_transaction()
    def test_outbox_email_failure_retried(self):
        "An unreachable SMTP server is retried"
        pool = Pool()
        Outbox = pool.get('salon.outbox')
        with self.booking(email='guo@example.com') as (client, book, at):
            book(10)
            self._set_config(
                'email', 'uri', 'smtp://127.0.0.1:%s' % free_port())

            start = now()
            message, = Outbox.send_due(now=start)

            self.assertEqual(message.state, 'queued')
            self.assertEqual(message.attempts, 1)
            self.assertTrue(message.last_error)
            self.assertEqual(message.next_try, start + dt.timedelta(minutes=5))

    @with_transaction()
    def test_outbox_sms_retry_with_backoff(self):
        "SMS through HTTP failing twice then sent on the third run"
        pool = Pool()
        Outbox = pool.get('salon.outbox')
        with self.booking(mobile='+8613800138000') as (client, book, at):
            appointment = book(10)
            self.http.fail = 2

            start = now()
            message, = Outbox.send_due(now=start)
            self.assertEqual(message.channel, 'sms')
            self.assertEqual(message.state, 'queued')
            self.assertEqual(message.attempts, 1)
            self.assertIn('500', message.last_error)
            self.assertEqual(message.next_try, start + dt.timedelta(minutes=5))
            # not due yet
            self.assertEqual(
                Outbox.send_due(now=start + dt.timedelta(minutes=4)), [])

            message, = Outbox.send_due(now=message.next_try)
            self.assertEqual(message.state, 'queued')
            self.assertEqual(message.attempts, 2)
            self.assertEqual(
                message.next_try, start + dt.timedelta(minutes=5 + 10))

            message, = Outbox.send_due(now=message.next_try)
            self.assertEqual(message.state, 'sent')
            self.assertEqual(message.attempts, 3)
            self.assertIsNone(message.last_error)
            self.assertEqual(self.http.count, 3)
            payload, = self.http.received
            self.assertEqual(payload['to'], '+8613800138000')
            self.assertEqual(payload['channel'], 'sms')
            self.assertIn("Guo Xiaoyan", payload['body'])
            self.assertEqual(
                Outbox.search(
                    [('appointment', '=', appointment.id)], count=True),
                2)

    @with_transaction()
    def test_outbox_failed_after_max_attempts(self):
        "A message failing max attempts times is failed and kept"
        pool = Pool()
        Outbox = pool.get('salon.outbox')
        Configuration = pool.get('salon.configuration')
        with self.booking(mobile='+8613800138000') as (client, book, at):
            configuration = Configuration(1)
            configuration.outbox_max_attempts = 3
            configuration.save()
            book(10)
            self.http.fail = 100

            when = now()
            for attempt in range(1, 4):
                message, = Outbox.send_due(now=when)
                self.assertEqual(message.attempts, attempt)
                when = message.next_try
            self.assertEqual(message.state, 'failed')
            self.assertEqual(Outbox.send_due(now=when + dt.timedelta(days=1)),
                [])
            failed, = Outbox.search([('state', '=', 'failed')])
            self.assertEqual(failed, message)
            self.assertEqual(failed.attempts, 3)
            self.assertEqual(self.http.count, 3)

    @with_transaction()
    def test_outbox_default_max_attempts(self):
        "Eight attempts by default with a doubling delay"
        pool = Pool()
        Outbox = pool.get('salon.outbox')
        with self.booking(mobile='+8613800138000') as (client, book, at):
            book(10)
            self.http.fail = 100
            start = when = now()
            for attempt in range(1, 9):
                message, = Outbox.send_due(now=when)
                when = message.next_try
            self.assertEqual(message.state, 'failed')
            self.assertEqual(message.attempts, 8)
            # 5 + 10 + ... + 5 * 2 ** 6 minutes between the eight attempts
            self.assertEqual(when - start, dt.timedelta(minutes=5 * 127))

    @with_transaction()
    def test_outbox_cron(self):
        "The cron sends the due messages"
        pool = Pool()
        Cron = pool.get('ir.cron')
        Outbox = pool.get('salon.outbox')
        with self.booking(email='guo@example.com') as (client, book, at):
            book(10)
            cron, = Cron.search([('method', '=', 'salon.outbox|send_due')])

            Cron.run_once([cron])

            self.assertEqual(len(self.smtp.messages), 1)
            self.assertEqual(
                Outbox.search([('state', '=', 'sent')], count=True), 1)


