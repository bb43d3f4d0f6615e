# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""A deposit for the clients who often do not show up."""
from decimal import Decimal, InvalidOperation

from trytond.i18n import gettext
from trytond.model import fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .exceptions import DepositError


class Configuration(metaclass=PoolMeta):
    __name__ = 'salon.configuration'

    deposit_no_show_threshold = fields.Integer(
        "Deposit after No-shows",
        help="The number of no-shows from which a client must leave a "
        "deposit to book; leave empty to never ask for one.")

    @classmethod
    def validate_fields(cls, records, field_names):
        super().validate_fields(records, field_names)
        for record in records:
            if (record.deposit_no_show_threshold is not None
                    and record.deposit_no_show_threshold < 1):
                raise DepositError(gettext(
                        'salon_booking.msg_deposit_threshold'))


class Appointment(metaclass=PoolMeta):
    __name__ = 'salon.appointment'

    deposit = Monetary(
        "Deposit", currency='currency', digits='currency',
        states={
            'readonly': ~Eval('state').in_(['draft', 'confirmed']),
            },
        help="The amount the client left to secure the appointment.")
    currency = fields.Function(
        fields.Many2One('currency.currency', "Currency"),
        'on_change_with_currency')

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @classmethod
    def copy(cls, appointments, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('deposit')
        return super().copy(appointments, default=default)

    @classmethod
    def validate_fields(cls, appointments, field_names):
        super().validate_fields(appointments, field_names)
        if field_names & {'deposit'}:
            for appointment in appointments:
                if appointment.deposit is not None and (
                        appointment.deposit < 0):
                    raise DepositError(gettext(
                            'salon_booking.msg_deposit_negative',
                            appointment=appointment.rec_name))

    @classmethod
    def _book_deposit(cls, deposit):
        "Return the deposit given to book as a Decimal"
        if deposit is None or deposit == '':
            return None
        try:
            return Decimal(str(deposit))
        except InvalidOperation:
            raise DepositError(gettext(
                    'salon_booking.msg_deposit_invalid', deposit=deposit))

    @classmethod
    def check_deposit(cls, appointments):
        "Refuse the appointments of frequent no-show clients without deposit"
        pool = Pool()
        Configuration = pool.get('salon.configuration')
        Party = pool.get('party.party')
        threshold = Configuration(1).deposit_no_show_threshold
        if not threshold:
            return
        missing = [a for a in appointments if not a.deposit]
        if not missing:
            return
        clients = list({a.client for a in missing})
        counts = Party.get_salon_no_show_count(clients, 'salon_no_show_count')
        for appointment in missing:
            count = counts.get(appointment.client.id, 0)
            if count >= threshold:
                raise DepositError(gettext(
                        'salon_booking.msg_deposit_required',
                        client=appointment.client.rec_name,
                        count=count,
                        appointment=appointment.rec_name))

    @classmethod
    def confirm(cls, appointments):
        cls.check_deposit([a for a in appointments if a.state == 'draft'])
        super().confirm(appointments)
