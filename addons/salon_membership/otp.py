# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""One-time codes: sent to the client's phone through the outbox and asked
before a stored-value spend or a package redemption, when configured.

Only a salted SHA-256 of a code is stored; the clear code exists in the
outbox message until it is sent (then it is masked) and on the POS sale
until it is checked (then it is cleared)."""
import datetime as dt
import hashlib
import logging
import re
import secrets

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.modules.salon_booking.outbox import CHANNELS
from trytond.modules.salon_crm.common import utc_now
from trytond.modules.salon_crm.ledger import lock_ledger
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from .exceptions import OTPError

logger = logging.getLogger(__name__)

PURPOSES = [
    ('card', "Stored-Value Spend"),
    ('package', "Package Redemption"),
    ]
MAX_ATTEMPTS = 5
DIGITS = 6


def hash_code(code, salt):
    return hashlib.sha256((salt + code).encode('utf-8')).hexdigest()


class Configuration(metaclass=PoolMeta):
    __name__ = 'salon.membership.configuration'

    otp_card = fields.Boolean(
        "Code for Stored-Value Spends",
        help="Ask the client for a one-time code sent to the phone before "
        "the stored-value card is spent.")
    otp_package = fields.Boolean(
        "Code for Package Redemptions",
        help="Ask the client for a one-time code sent to the phone before "
        "the sessions of a treatment package are used.")
    otp_validity = fields.Integer(
        "Code Validity", required=True,
        domain=[('otp_validity', '>', 0)],
        help="In minutes.")
    otp_channel = fields.Selection(
        CHANNELS, "Code Channel", required=True,
        help="How the code is sent: SMS and WeChat to the client's mobile "
        "(else phone), e-mail to the client's e-mail.")

    @classmethod
    def default_otp_card(cls):
        return False

    @classmethod
    def default_otp_package(cls):
        return False

    @classmethod
    def default_otp_validity(cls):
        return 10

    @classmethod
    def default_otp_channel(cls):
        return 'sms'


class OneTimeCode(ModelSQL):
    "A one-time code sent to a client, stored hashed"
    __name__ = 'salon.otp'

    client = fields.Many2One(
        'party.party', "Client", required=True, readonly=True,
        ondelete='CASCADE',
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True,
        ondelete='CASCADE')
    purpose = fields.Selection(
        PURPOSES, "Purpose", required=True, readonly=True)
    sale = fields.Many2One(
        'sale.point.sale', "Sale", readonly=True, ondelete='SET NULL',
        help="The sale which asked for the code.")
    code_hash = fields.Char(
        "Code Hash", required=True, readonly=True, strip=False)
    salt = fields.Char("Salt", required=True, readonly=True, strip=False)
    expiry = fields.DateTime("Expiry", required=True, readonly=True)
    used = fields.DateTime("Used", readonly=True)
    attempts = fields.Integer(
        "Wrong Attempts", required=True, readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t,
                (t.client, Index.Equality()),
                (t.company, Index.Equality()),
                (t.purpose, Index.Equality(cardinality='low'))))

    @classmethod
    def default_attempts(cls):
        return 0

    @classmethod
    def purpose_string(cls, purpose):
        return dict(cls.fields_get(['purpose'])['purpose']['selection'])[
            purpose]

    @classmethod
    def recipient(cls, client, channel):
        "Return the address of the client for channel or None"
        types = [{'email'}] if channel == 'email' else [{'mobile'}, {'phone'}]
        for type_ in types:
            mechanism = client.contact_mechanism_get(type_)
            if mechanism:
                return mechanism.value_compact or mechanism.value

    @classmethod
    @without_check_access
    def send(cls, sales):
        """Queue a new code for the client of each sale, for the purpose
        chosen on the sale; a new code replaces the unused ones"""
        pool = Pool()
        Configuration = pool.get('salon.membership.configuration')
        Outbox = pool.get('salon.outbox')
        config = Configuration(1)
        now = utc_now(microsecond=True)
        default_language = Transaction().language
        for sale in sales:
            client = sale.salon_client
            if not client:
                raise OTPError(gettext(
                        'salon_membership.msg_otp_no_client',
                        sale=sale.rec_name))
            recipient = cls.recipient(client, config.otp_channel)
            if not recipient:
                raise OTPError(gettext(
                        'salon_membership.msg_otp_no_phone',
                        client=client.rec_name))
            code = '%0*d' % (DIGITS, secrets.randbelow(10 ** DIGITS))
            salt = secrets.token_hex(16)
            cls.create([{
                        'client': client.id,
                        'company': sale.company.id,
                        'purpose': sale.salon_otp_purpose,
                        'sale': sale.id,
                        'code_hash': hash_code(code, salt),
                        'salt': salt,
                        'expiry': now + dt.timedelta(
                            minutes=config.otp_validity),
                        }])
            language = client.lang.code if client.lang else default_language
            with Transaction().set_context(language=language):
                body = gettext(
                    'salon_membership.msg_otp_body',
                    code=code, minutes=config.otp_validity)
            Outbox.queue(
                config.otp_channel, recipient, body, language=language,
                party=client.id, kind='otp')

    @classmethod
    def verify_card_payments(cls, payments):
        "Check the code of the card holders on the sales of the payments"
        cls.verify('card', ((p.sale, p.salon_card.client) for p in payments))

    @classmethod
    def verify_package_sales(cls, sales):
        "Check the code of the clients whose package cards the sales use"
        cls.verify('package', ((l.sale, l.salon_package_card.client)
                for s in sales for l in s.lines
                if l.salon_package_card and l.quantity > 0))

    @classmethod
    @without_check_access
    def verify(cls, purpose, sale_clients):
        """Check the code typed on each sale against the last code sent to
        the client for purpose (when the configuration asks for one), mark
        the code used and clear it from the sale; raise OTPError else

        sale_clients: an iterable of (sale, client), read only when the
        configuration asks for a code"""
        pool = Pool()
        Configuration = pool.get('salon.membership.configuration')
        Sale = pool.get('sale.point.sale')
        if not getattr(Configuration(1), 'otp_%s' % purpose):
            return
        now = utc_now(microsecond=True)
        sales = []
        for sale, client in sorted(set(sale_clients),
                key=lambda s_c: (s_c[0].id, s_c[1].id)):
            otp = cls._verify(sale, client, purpose, now)
            cls.write([otp], {'used': now, 'sale': sale.id})
            sales.append(sale)
        if sales:
            Sale.write(sales, {'salon_otp_code': None})

    @classmethod
    def _verify(cls, sale, client, purpose, now):
        values = {
            'sale': sale.rec_name,
            'client': client.rec_name,
            'purpose': cls.purpose_string(purpose),
            }
        # read out in groups: "123 456"
        code = ''.join((sale.salon_otp_code or '').split())
        if not code:
            raise OTPError(gettext(
                    'salon_membership.msg_otp_missing', **values))
        # only the last code sent is valid
        otps = cls.search([
                ('client', '=', client.id),
                ('company', '=', sale.company.id),
                ('purpose', '=', purpose),
                ], order=[('id', 'DESC')], limit=1)
        if not otps:
            raise OTPError(gettext(
                    'salon_membership.msg_otp_none', **values))
        # two sales of the client must not use the code twice
        lock_ledger(cls, otps)
        otp = cls(otps[0].id)
        if otp.used:
            raise OTPError(gettext(
                    'salon_membership.msg_otp_none', **values))
        if otp.attempts >= MAX_ATTEMPTS:
            raise OTPError(gettext(
                    'salon_membership.msg_otp_void', **values))
        if otp.expiry < now:
            raise OTPError(gettext(
                    'salon_membership.msg_otp_expired', **values))
        if not secrets.compare_digest(
                hash_code(code, otp.salt), otp.code_hash):
            cls._count_attempt(otp)
            raise OTPError(gettext(
                    'salon_membership.msg_otp_wrong',
                    remaining=MAX_ATTEMPTS - otp.attempts - 1, **values))
        return otp

    @classmethod
    def _count_attempt(cls, otp):
        """Add a wrong attempt to otp once the transaction has ended: the
        error raised rolls the transaction back and would undo it"""
        transaction = Transaction()
        database_name = transaction.database.name
        otp_id = otp.id

        def count():
            table = cls.__table__()
            try:
                with Transaction(new=True).start(
                        database_name, 0) as transaction:
                    cursor = transaction.connection.cursor()
                    cursor.execute(*table.update(
                            [table.attempts], [table.attempts + 1],
                            where=table.id == otp_id))
            except Exception:
                logger.warning(
                    "could not count a wrong attempt on code %s", otp_id,
                    exc_info=True)
        transaction.atexit(count)


class OTPSaleMixin:
    "The one-time codes asked on a POS sale, see sale_point.py"
    __slots__ = ()

    salon_otp_required = fields.Function(fields.Boolean(
            "Code Required"), 'get_salon_otp_required')
    salon_otp_purpose = fields.Selection(
        PURPOSES, "Code For", required=True,
        states={
            'readonly': Eval('state') != 'open',
            'invisible': ~Eval('salon_otp_required'),
            },
        help="What the next code sent to the client is for.")
    salon_otp_code = fields.Char(
        "Client Code",
        states={
            'readonly': Eval('state') != 'open',
            'invisible': ~Eval('salon_otp_required'),
            },
        help="The one-time code the client received and reads out; "
        "cleared once checked.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'salon_send_otp': {
                    'invisible': ((Eval('state') != 'open')
                        | ~Eval('salon_otp_required')),
                    'readonly': ~Eval('salon_client'),
                    'depends': [
                        'state', 'salon_otp_required', 'salon_client'],
                    },
                })

    @classmethod
    def default_salon_otp_purpose(cls):
        Configuration = Pool().get('salon.membership.configuration')
        config = Configuration(1)
        return 'package' if config.otp_package and not config.otp_card \
            else 'card'

    @classmethod
    def get_salon_otp_required(cls, sales, name):
        Configuration = Pool().get('salon.membership.configuration')
        config = Configuration(1)
        required = bool(config.otp_card or config.otp_package)
        return {s.id: required for s in sales}

    @classmethod
    def copy(cls, sales, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('salon_otp_code')
        return super().copy(sales, default=default)

    @classmethod
    @ModelView.button
    def salon_send_otp(cls, sales):
        Pool().get('salon.otp').send(sales)

    @classmethod
    def _salon_check_package_codes(cls, sales):
        "Check the code of the clients whose package sessions are used"
        Pool().get('salon.otp').verify_package_sales(sales)


class Outbox(metaclass=PoolMeta):
    __name__ = 'salon.outbox'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.kind.selection.append(('otp', "One-Time Code"))

    @classmethod
    def send_due(cls, now=None, limit=None):
        messages = super().send_due(now=now, limit=limit)
        cls.mask_codes(messages)
        return messages

    @classmethod
    def mask_codes(cls, messages):
        "Mask the codes of the one-time code messages no longer queued"
        to_write = []
        for message in cls.browse(messages):
            if message.kind == 'otp' and message.state != 'queued':
                body = re.sub(r'\d{%d}' % DIGITS, '*' * DIGITS, message.body)
                if body != message.body:
                    to_write.extend(([message], {'body': body}))
        if to_write:
            with without_check_access():
                cls.write(*to_write)
