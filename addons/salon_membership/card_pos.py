# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Stored-value cards at the points of sale: top-ups sold as a service
product, spends as a payment method, both in the sale's own entry."""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import fields
from trytond.modules.salon_crm.ledger import lock_ledger
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import without_check_access

from .card import card_account
from .exceptions import CardBalanceError, CardLineAccessError, CardUsageError


class Template(metaclass=PoolMeta):
    __name__ = 'product.template'

    salon_stored_value = fields.Boolean(
        "Stored Value Top-up",
        states={
            'invisible': Eval('type') != 'service',
            },
        help="Selling this service at the POS adds its price to the "
        "client's stored-value card (no tax, no revenue: a liability).")

    @classmethod
    def default_salon_stored_value(cls):
        return False


class POSPaymentMethod(metaclass=PoolMeta):
    __name__ = 'sale.point.payment.method'

    salon_card = fields.Boolean(
        "Stored Value Card",
        help="Pay with the value of a client's stored-value card.")

    @classmethod
    def default_salon_card(cls):
        return False

    @property
    def salon_money(self):
        # stored value was paid in money when topped up: no points twice
        return super().salon_money and not self.salon_card


class CardPaymentMixin:
    "Stored-value spends as POS payments, see sale_point.py"
    __slots__ = ()

    salon_card = fields.Many2One(
        'salon.card', "Stored Value Card", ondelete='RESTRICT',
        states={
            'invisible': ~Eval('salon_card_method'),
            'readonly': Eval('sale_state') != 'open',
            })
    salon_card_method = fields.Function(fields.Boolean(
            "Stored Value Method"), 'on_change_with_salon_card_method')
    salon_card_lines = fields.One2Many(
        'salon.card.line', 'origin', "Card Lines", readonly=True)

    @fields.depends('method')
    def on_change_with_salon_card_method(self, name=None):
        return bool(self.method and self.method.salon_card)

    @classmethod
    def copy(cls, payments, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('salon_card_lines')
        return super().copy(payments, default=default)

    @classmethod
    def _salon_check_card_payments_write(cls, payments, values):
        "Refuse to change the stored-value payments"
        if values.keys() & {'salon_card', 'amount', 'method', 'sale'}:
            for payment in payments:
                if payment.salon_card or payment.salon_card_lines:
                    raise CardLineAccessError(gettext(
                            'salon_membership.msg_card_payment_modify',
                            payment=payment.rec_name))

    @classmethod
    def _salon_spent_cards(cls, payments):
        "Return the stored-value cards the payments spend"
        return [p.salon_card for p in payments
            if p.method and p.method.salon_card and p.salon_card]

    @classmethod
    def on_delete(cls, payments):
        pool = Pool()
        Line = pool.get('salon.card.line')
        callback = super().on_delete(payments)
        lines = [l for p in payments for l in p.salon_card_lines]
        if lines:
            with without_check_access():
                Line.delete(lines)
        return callback

    @classmethod
    def _spend_cards(cls, payments):
        "Take the payments off their cards, under a lock of the cards"
        pool = Pool()
        Card = pool.get('salon.card')
        Line = pool.get('salon.card.line')
        payments = [p for p in payments if p.method.salon_card]
        if not payments:
            return
        for payment in payments:
            if not payment.salon_card:
                raise CardUsageError(gettext(
                        'salon_membership.msg_card_payment_card',
                        payment=payment.rec_name))
        cards = sorted({p.salon_card for p in payments}, key=lambda c: c.id)
        lock_ledger(Card, cards)
        balances = Card.get_balance(cards)
        values = []
        for payment in payments:
            card, sale = payment.salon_card, payment.sale
            card.check_company(sale.company)
            card.check_usable(sale.date)
            if payment.amount is None or payment.amount <= 0:
                raise CardUsageError(gettext(
                        'salon_membership.msg_card_spend_positive',
                        card=card.rec_name))
            if balances[card.id] < payment.amount:
                raise CardBalanceError(gettext(
                        'salon_membership.msg_card_spend_balance',
                        card=card.rec_name,
                        balance=card.format_amount(balances[card.id]),
                        amount=card.format_amount(payment.amount)))
            balances[card.id] -= payment.amount
            values.append({
                    'card': card.id, 'type': 'spend', 'date': sale.date,
                    'amount': -payment.amount, 'origin': str(payment),
                    })
        pool.get('salon.otp').verify_card_payments(payments)
        Line.record(values)

    def get_account_move_lines(self):
        lines = super().get_account_move_lines()
        if self.salon_card:
            for line in lines:
                line.account = card_account(
                    self.sale.company, 'salon_card_liability_account')
                line.salon_card = self.salon_card
        return lines


class CardSaleMixin:
    "The steps of a POS sale for stored-value cards, see sale_point.py"
    __slots__ = ()

    @classmethod
    def _salon_top_up_cards(cls, sales):
        "Return the stored-value cards the sales top up"
        return [l.salon_card for l in cls._top_up_lines(sales)
            if l.salon_card]

    @classmethod
    def _top_up_lines(cls, sales):
        return [l for s in sales for l in s.lines
            if l.product.template.salon_stored_value]

    @classmethod
    def _check_top_ups(cls, sales):
        for line in cls._top_up_lines(sales):
            if not line.salon_card:
                raise CardUsageError(gettext(
                        'salon_membership.msg_card_top_up_card',
                        line=line.rec_name))
            if line.quantity <= 0 or line.gross_amount <= 0:
                raise CardUsageError(gettext(
                        'salon_membership.msg_card_top_up_positive',
                        line=line.rec_name))
            line.salon_card.check_company(line.sale.company)
            line.salon_card.check_usable(line.sale.date)

    @classmethod
    def _salon_credit_top_ups(cls, top_ups):
        """Credit the cards with the top-up lines of the sales posted and
        their bonus"""
        pool = Pool()
        Line = pool.get('salon.card.line')
        Rule = pool.get('salon.card.bonus.rule')
        values = []
        for line in top_ups:
            values.append({
                    'card': line.salon_card.id, 'type': 'top-up',
                    'date': line.sale.date, 'amount': line.gross_amount,
                    'origin': str(line), 'move': line.sale.move.id})
            bonus = Rule.compute(line.sale.company, line.gross_amount)
            if bonus:
                values.append({
                        'card': line.salon_card.id, 'type': 'bonus',
                        'date': line.sale.date, 'amount': bonus,
                        'origin': str(line), 'move': line.sale.move.id})
        Line.record(values)

    @classmethod
    def _salon_post_card_spends(cls, sales):
        "Link the spends of the sales posted to their move"
        Line = Pool().get('salon.card.line')
        to_write = []
        for sale in sales:
            spends = [l for p in sale.payments for l in p.salon_card_lines]
            if spends:
                to_write.extend((spends, {'move': sale.move.id}))
        if to_write:
            with without_check_access():
                Line.write(*to_write)


class CardSaleLineMixin:
    "The stored-value top-up of a POS sale line, see sale_point.py"
    __slots__ = ()

    salon_card = fields.Many2One(
        'salon.card', "Stored Value Card", ondelete='RESTRICT',
        help="The card topped up by this line.",
        states={
            'invisible': ~Eval('salon_stored_value'),
            'readonly': Eval('sale_state') != 'open',
            })
    salon_stored_value = fields.Function(fields.Boolean(
            "Stored Value Top-up"), 'on_change_with_salon_stored_value')

    @fields.depends('product')
    def on_change_with_salon_stored_value(self, name=None):
        return bool(
            self.product and self.product.template.salon_stored_value)

    @property
    def taxes(self):
        if self.product and self.product.template.salon_stored_value:
            return []
        return super().taxes

    def _salon_stored_value_move_lines(self, lines):
        """Turn the revenue of a top-up line into the liability of the
        card, with the bonus granted"""
        pool = Pool()
        MoveLine = pool.get('account.move.line')
        Rule = pool.get('salon.card.bonus.rule')
        if not self.product.template.salon_stored_value:
            return lines
        company = self.sale.company
        liability = card_account(company, 'salon_card_liability_account')
        for line in lines:
            line.account = liability
            line.salon_card = self.salon_card
            line.tax_lines = []
        bonus = Rule.compute(company, self.gross_amount)
        if bonus:
            lines.append(MoveLine(
                    account=card_account(
                        company, 'salon_card_bonus_account'),
                    debit=bonus, credit=Decimal(0), origin=self))
            lines.append(MoveLine(
                    account=liability, salon_card=self.salon_card,
                    debit=Decimal(0), credit=bonus, origin=self))
        return lines


class MoveLine(metaclass=PoolMeta):
    __name__ = 'account.move.line'

    salon_card = fields.Many2One(
        'salon.card', "Stored Value Card", readonly=True,
        ondelete='RESTRICT')


class Move(metaclass=PoolMeta):
    __name__ = 'account.move'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['salon.card']
