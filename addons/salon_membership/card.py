# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Stored-value cards: a ledger per card, posted to the general ledger,
spent as a payment method of the points of sale."""
from decimal import Decimal

from sql import Literal, Null
from sql.aggregate import Sum
from sql.conditionals import Case, Coalesce

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, Workflow, fields)
from trytond.modules.company.model import (
    CompanyMultiValueMixin, CompanyValueMixin)
from trytond.modules.currency.fields import Monetary
from trytond.modules.salon_crm.ledger import lock_ledger
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval, Id
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import (
    CardAccountError, CardBalanceError, CardLineAccessError, CardUsageError,
    CardValidationError)

LINE_TYPES = [
    ('top-up', "Top-up"),
    ('bonus', "Bonus"),
    ('spend', "Spend"),
    ('refund', "Refund"),
    ('adjustment', "Adjustment"),
    ('transfer', "Transfer"),
    ('expiry', "Expiry"),
    ]
# the account credited or debited against the liability, per line type
# of the lines posted outside the POS
COUNTERPARTS = {
    'refund': 'salon_card_refund_account',
    'adjustment': 'salon_card_adjustment_account',
    'expiry': 'salon_card_expiry_account',
    'transfer': None,
    }
ACCOUNTS = [
    'salon_card_liability_account', 'salon_card_bonus_account',
    'salon_card_adjustment_account', 'salon_card_expiry_account',
    'salon_card_refund_account', 'salon_card_journal']


def _account_domain():
    return [
        ('type', '!=', None),
        ('closed', '!=', True),
        ('company', '=', Eval('context', {}).get('company', -1)),
        ]


class Configuration(CompanyMultiValueMixin, metaclass=PoolMeta):
    __name__ = 'salon.membership.configuration'

    card_sequence = fields.MultiValue(fields.Many2One(
            'ir.sequence', "Card Sequence", required=True,
            domain=[
                ('company', 'in',
                    [Eval('context', {}).get('company', -1), None]),
                ('sequence_type', '=',
                    Id('salon_membership', 'sequence_type_card')),
                ]))

    @classmethod
    def multivalue_model(cls, field):
        pool = Pool()
        if field == 'card_sequence':
            return pool.get('salon.membership.configuration.card_sequence')
        return super().multivalue_model(field)

    @classmethod
    def default_card_sequence(cls, **pattern):
        return cls.multivalue_model(
            'card_sequence').default_card_sequence()


class ConfigurationCardSequence(ModelSQL, CompanyValueMixin):
    __name__ = 'salon.membership.configuration.card_sequence'
    card_sequence = fields.Many2One(
        'ir.sequence', "Card Sequence", required=True,
        domain=[
            ('company', 'in', [Eval('company', -1), None]),
            ('sequence_type', '=',
                Id('salon_membership', 'sequence_type_card')),
            ])

    @classmethod
    def default_card_sequence(cls):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        try:
            return ModelData.get_id('salon_membership', 'sequence_card')
        except KeyError:
            return None


class AccountConfiguration(metaclass=PoolMeta):
    __name__ = 'account.configuration'

    salon_card_liability_account = fields.MultiValue(fields.Many2One(
            'account.account', "Stored Value Liability",
            domain=_account_domain(),
            help="Credited by the money topped up on the cards, debited "
            "when it is spent."))
    salon_card_bonus_account = fields.MultiValue(fields.Many2One(
            'account.account', "Stored Value Bonus Expense",
            domain=_account_domain(),
            help="Debited by the bonus granted on top-ups."))
    salon_card_adjustment_account = fields.MultiValue(fields.Many2One(
            'account.account', "Stored Value Adjustment",
            domain=_account_domain(),
            help="The counterpart of the manual adjustments of the cards."))
    salon_card_expiry_account = fields.MultiValue(fields.Many2One(
            'account.account', "Stored Value Breakage",
            domain=_account_domain(),
            help="Credited by the value left on the expired cards."))
    salon_card_refund_account = fields.MultiValue(fields.Many2One(
            'account.account', "Stored Value Refund",
            domain=_account_domain(),
            help="Debited when a spend is refunded to the card "
            "(sales returns)."))
    salon_card_journal = fields.MultiValue(fields.Many2One(
            'account.journal', "Stored Value Journal",
            help="The journal of the stored-value moves made outside the "
            "POS (refunds, adjustments, transfers, expiries)."))

    @classmethod
    def multivalue_model(cls, field):
        pool = Pool()
        if field in ACCOUNTS:
            return pool.get('account.configuration.salon_card')
        return super().multivalue_model(field)


class AccountConfigurationCard(ModelSQL, CompanyValueMixin):
    __name__ = 'account.configuration.salon_card'

    salon_card_liability_account = fields.Many2One(
        'account.account', "Stored Value Liability",
        domain=[('company', '=', Eval('company', -1))])
    salon_card_bonus_account = fields.Many2One(
        'account.account', "Stored Value Bonus Expense",
        domain=[('company', '=', Eval('company', -1))])
    salon_card_adjustment_account = fields.Many2One(
        'account.account', "Stored Value Adjustment",
        domain=[('company', '=', Eval('company', -1))])
    salon_card_expiry_account = fields.Many2One(
        'account.account', "Stored Value Breakage",
        domain=[('company', '=', Eval('company', -1))])
    salon_card_refund_account = fields.Many2One(
        'account.account', "Stored Value Refund",
        domain=[('company', '=', Eval('company', -1))])
    salon_card_journal = fields.Many2One(
        'account.journal', "Stored Value Journal")


def card_account(company, name):
    "Return the configured account (or journal) name of the company"
    pool = Pool()
    Configuration = pool.get('account.configuration')
    config = Configuration(1)
    value = config.get_multivalue(name, company=company.id)
    if not value:
        field = getattr(Configuration, name)
        raise CardAccountError(gettext(
                'salon_membership.msg_card_account_missing',
                account=field.string, company=company.rec_name))
    return value


class Card(Workflow, ModelSQL, ModelView):
    __name__ = 'salon.card'
    _rec_name = 'number'

    number = fields.Char("Number", readonly=True)
    client = fields.Many2One(
        'party.party', "Client", required=True, ondelete='RESTRICT',
        context={
            'company': Eval('company', -1),
            },
        states={
            'readonly': Eval('id', -1) > 0,
            },
        depends={'company'})
    company = fields.Many2One(
        'company.company', "Company", required=True,
        states={
            'readonly': Eval('id', -1) > 0,
            })
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    expiry_date = fields.Date(
        "Expiry Date",
        help="The card can no longer be spent after this date.")
    state = fields.Selection([
            ('active', "Active"),
            ('frozen', "Frozen"),
            ('closed', "Closed"),
            ], "State", readonly=True, required=True, sort=False)
    balance = fields.Function(Monetary(
            "Balance", currency='currency', digits='currency',
            help="The balance of the card: the sum of its ledger."),
        'get_balance')
    lines = fields.One2Many(
        'salon.card.line', 'card', "Lines", readonly=True)

    @classmethod
    def __setup__(cls):
        cls.number.search_unaccented = False
        super().__setup__()
        cls._order = [('number', 'DESC NULLS FIRST'), ('id', 'DESC')]
        cls._transitions |= {
            ('active', 'frozen'),
            ('frozen', 'active'),
            ('active', 'closed'),
            ('frozen', 'closed'),
            }
        cls._buttons.update(
            freeze={
                'invisible': Eval('state') != 'active',
                'depends': ['state'],
                },
            unfreeze={
                'invisible': Eval('state') != 'frozen',
                'depends': ['state'],
                },
            close={
                'invisible': Eval('state') == 'closed',
                'readonly': Bool(Eval('balance', 0)),
                'depends': ['state', 'balance'],
                },
            manage={
                'invisible': Eval('state') == 'closed',
                'depends': ['state'],
                },
            )

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'active'

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @classmethod
    def get_balance(cls, cards, name=None):
        pool = Pool()
        Line = pool.get('salon.card.line')
        line = Line.__table__()
        cursor = Transaction().connection.cursor()
        balances = {c.id: Decimal(0) for c in cards}
        for sub_ids in grouped_slice([c.id for c in cards]):
            cursor.execute(*line.select(
                    line.card, Sum(line.amount),
                    where=fields.SQL_OPERATORS['in'](line.card, sub_ids),
                    group_by=line.card))
            for card_id, balance in cursor:
                # SQLite returns a float for SUM
                if not isinstance(balance, Decimal):
                    balance = Decimal(str(balance))
                balances[card_id] = balance
        for card in cards:
            balances[card.id] = card.company.currency.round(
                balances[card.id])
        return balances

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        Configuration = pool.get('salon.membership.configuration')
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('number'):
            company_id = values.get('company', cls.default_company())
            if company_id is not None:
                config = Configuration(1)
                sequence = config.get_multivalue(
                    'card_sequence', company=company_id)
                if sequence:
                    with Transaction().set_context(company=company_id):
                        values['number'] = sequence.get()
        return values

    @classmethod
    def copy(cls, cards, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('number')
        default.setdefault('lines')
        default.setdefault('state')
        return super().copy(cards, default=default)

    def check_usable(self, date):
        "Raise unless the card can be spent or topped up at date"
        pool = Pool()
        Card = pool.get('salon.card')
        if self.state != 'active':
            state = dict(Card.fields_get(['state'])['state']['selection'])
            raise CardUsageError(gettext(
                    'salon_membership.msg_card_not_active',
                    card=self.rec_name, state=state[self.state]))
        if self.expiry_date and self.expiry_date < date:
            raise CardUsageError(gettext(
                    'salon_membership.msg_card_expired',
                    card=self.rec_name, expiry=self.expiry_date))

    def check_company(self, company):
        if self.company != company:
            raise CardUsageError(gettext(
                    'salon_membership.msg_card_other_company',
                    card=self.rec_name))

    def format_amount(self, amount):
        "Return amount formatted in the currency of the card"
        pool = Pool()
        Lang = pool.get('ir.lang')
        return Lang.get().currency(amount, self.company.currency)

    @classmethod
    def check_balances(cls, cards, amounts=None):
        """Raise if a card would go below zero after adding amounts
        {card id: amount}; call with the cards locked"""
        amounts = amounts or {}
        for card_id, balance in cls.get_balance(cards).items():
            balance += amounts.get(card_id, 0)
            if balance < 0:
                card = cls(card_id)
                raise CardBalanceError(gettext(
                        'salon_membership.msg_card_balance_negative',
                        card=card.rec_name,
                        balance=card.format_amount(balance)))

    @classmethod
    @ModelView.button
    @Workflow.transition('frozen')
    def freeze(cls, cards):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('active')
    def unfreeze(cls, cards):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('closed')
    def close(cls, cards):
        lock_ledger(cls, cards)
        for card, balance in cls.get_balance(cards).items():
            if balance:
                raise CardUsageError(gettext(
                        'salon_membership.msg_card_close_balance',
                        card=cls(card).rec_name))

    @classmethod
    @ModelView.button_action('salon_membership.wizard_card_manage')
    def manage(cls, cards):
        pass

    @classmethod
    def _check_reason(cls, card, reason):
        if not (reason or '').strip():
            raise CardUsageError(gettext(
                    'salon_membership.msg_card_reason_required',
                    card=card.rec_name))

    @classmethod
    def _check_open(cls, cards):
        for card in cards:
            if card.state == 'closed':
                card.check_usable(card.expiry_date)

    @classmethod
    def adjust(cls, cards, amount, reason, date=None):
        "Add amount (negative takes value off) to the cards; manager only"
        pool = Pool()
        Line = pool.get('salon.card.line')
        Date = pool.get('ir.date')
        lock_ledger(cls, cards)
        for card in cards:
            cls._check_reason(card, reason)
            if not amount:
                raise CardUsageError(gettext(
                        'salon_membership.msg_card_amount_zero',
                        card=card.rec_name))
        cls._check_open(cards)
        date = date or Date.today()
        cls.check_balances(cards, {c.id: amount for c in cards})
        lines = Line.record([{
                    'card': c.id, 'type': 'adjustment', 'date': date,
                    'amount': amount, 'reason': reason} for c in cards])
        cls.check_balances(cards)
        Line.post_moves([[line] for line in lines])
        return lines

    @classmethod
    def transfer(cls, card, to_card, amount, reason, date=None):
        "Move amount from card to to_card of the same company"
        pool = Pool()
        Line = pool.get('salon.card.line')
        Date = pool.get('ir.date')
        lock_ledger(cls, sorted([card, to_card], key=lambda c: c.id))
        cls._check_reason(card, reason)
        date = date or Date.today()
        if amount is None or amount <= 0:
            raise CardUsageError(gettext(
                    'salon_membership.msg_card_spend_positive',
                    card=card.rec_name))
        if card == to_card:
            raise CardUsageError(gettext(
                    'salon_membership.msg_card_transfer_same',
                    card=card.rec_name))
        to_card.check_company(card.company)
        cls._check_open([card])
        to_card.check_usable(date)
        cls.check_balances([card], {card.id: -amount})
        out, in_ = Line.record([{
                    'card': card.id, 'type': 'transfer', 'date': date,
                    'amount': -amount, 'reason': reason,
                    }, {
                    'card': to_card.id, 'type': 'transfer', 'date': date,
                    'amount': amount, 'reason': reason,
                    }])
        with without_check_access():
            Line.write([in_], {'origin': str(out)})
        cls.check_balances([card])
        Line.post_moves([[out, in_]])
        return out, in_

    @classmethod
    def expire_cards(cls, date=None):
        "Take the value left off the cards expired before date"
        pool = Pool()
        Line = pool.get('salon.card.line')
        Date = pool.get('ir.date')
        if date is None:
            date = Date.today()
        cards = cls.search([
                ('expiry_date', '<', date),
                ('state', '!=', 'closed'),
                ], order=[('id', 'ASC')])
        if not cards:
            return []
        lock_ledger(cls, cards)
        values = []
        for card_id, balance in cls.get_balance(cards).items():
            if balance > 0:
                values.append({
                        'card': card_id, 'type': 'expiry', 'date': date,
                        'amount': -balance})
        lines = Line.record(values)
        Line.post_moves([[line] for line in lines])
        return lines


class CardLine(ModelSQL, ModelView):
    __name__ = 'salon.card.line'

    card = fields.Many2One(
        'salon.card', "Card", required=True, ondelete='RESTRICT')
    company = fields.Function(fields.Many2One(
            'company.company', "Company"),
        'on_change_with_company', searcher='search_company')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    date = fields.Date("Date", required=True)
    type = fields.Selection(LINE_TYPES, "Type", required=True, sort=False)
    amount = Monetary(
        "Amount", currency='currency', digits='currency', required=True,
        help="Positive adds value to the card.")
    origin = fields.Reference(
        "Origin", selection='get_origin')
    reason = fields.Char("Reason")
    user = fields.Many2One('res.user', "User", readonly=True)
    move = fields.Many2One(
        'account.move', "Move", readonly=True, ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('card')
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def validate_fields(cls, lines, field_names):
        super().validate_fields(lines, field_names)
        if field_names is None or 'amount' in field_names:
            for line in lines:
                if not line.amount:
                    raise CardValidationError(gettext(
                            'salon_membership.msg_card_line_amount_zero'))

    @classmethod
    def default_user(cls):
        return Transaction().user

    @fields.depends('card', '_parent_card.company')
    def on_change_with_company(self, name=None):
        return self.card.company if self.card else None

    @classmethod
    def search_company(cls, name, clause):
        return [('card.company',) + tuple(clause[1:])]

    @fields.depends('card', '_parent_card.company')
    def on_change_with_currency(self, name=None):
        if self.card and self.card.company:
            return self.card.company.currency

    @classmethod
    def _get_origin(cls):
        return [
            'sale.point.payment', 'sale.point.sale.line', 'salon.card.line']

    @classmethod
    def get_origin(cls):
        pool = Pool()
        IrModel = pool.get('ir.model')
        get_name = IrModel.get_name
        return [(None, '')] + [(m, get_name(m)) for m in cls._get_origin()]

    def get_rec_name(self, name):
        return '%s %s %s' % (self.card.rec_name, self.date, self.amount)

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        super().check_modification(
            mode, lines, values=values, external=external)
        if external:
            raise CardLineAccessError(gettext(
                    'salon_membership.msg_card_line_modify'))
        if mode == 'delete':
            for line in lines:
                if line.move or line.type != 'spend':
                    raise CardLineAccessError(gettext(
                            'salon_membership.msg_card_line_modify'))

    @classmethod
    def record(cls, values):
        "Create the ledger lines from values, as the system"
        pool = Pool()
        Card = pool.get('salon.card')
        for value in values:
            currency = Card(value['card']).company.currency
            value['amount'] = currency.round(value['amount'])
        with without_check_access():
            return cls.create(values)

    @classmethod
    def refund(cls, lines, reason, date=None):
        "Give the amount of the spend lines back to their card"
        pool = Pool()
        Card = pool.get('salon.card')
        Date = pool.get('ir.date')
        date = date or Date.today()
        cards = sorted({l.card for l in lines}, key=lambda c: c.id)
        lock_ledger(Card, cards)
        refunded = {str(r.origin) for r in cls.search([
                    ('origin', 'in', [str(l) for l in lines]),
                    ('type', '=', 'refund'),
                    ])}
        values = []
        for line in lines:
            Card._check_reason(line.card, reason)
            if line.type != 'spend' or str(line) in refunded:
                raise CardUsageError(gettext(
                        'salon_membership.msg_card_refund_spend',
                        line=line.rec_name))
            values.append({
                    'card': line.card.id, 'type': 'refund', 'date': date,
                    'amount': -line.amount, 'origin': str(line),
                    'reason': reason})
        Card._check_open(cards)
        refunds = cls.record(values)
        cls.post_moves([[r] for r in refunds])
        return refunds

    @classmethod
    def post_moves(cls, groups):
        """Post one move per group of lines made outside the POS: the
        liability against the counterpart of their type"""
        pool = Pool()
        Move = pool.get('account.move')
        MoveLine = pool.get('account.move.line')
        Period = pool.get('account.period')
        moves, lines = [], []
        for group in groups:
            first = group[0]
            company = first.card.company
            liability = card_account(
                company, 'salon_card_liability_account')
            move_lines = []
            for line in group:
                move_line = MoveLine(account=liability, salon_card=line.card)
                move_line.debit, move_line.credit = _debit_credit(
                    -line.amount)
                move_lines.append(move_line)
            total = sum(l.amount for l in group)
            if total:
                counterpart = card_account(
                    company, COUNTERPARTS[first.type])
                move_line = MoveLine(account=counterpart)
                move_line.debit, move_line.credit = _debit_credit(total)
                move_lines.append(move_line)
            move = Move(
                company=company,
                journal=card_account(company, 'salon_card_journal'),
                period=Period.find(company, date=first.date),
                date=first.date,
                origin=first.card,
                description=first.reason,
                lines=move_lines)
            moves.append(move)
            lines.append(group)
        with without_check_access():
            Move.save(moves)
            Move.post(moves)
            to_write = []
            for move, group in zip(moves, lines):
                to_write.extend((group, {'move': move.id}))
            if to_write:
                cls.write(*to_write)


def _debit_credit(amount):
    "Return (debit, credit) of a signed amount (positive is a debit)"
    if amount >= 0:
        return amount, Decimal(0)
    return Decimal(0), -amount


class CardBonusRule(DeactivableMixin, ModelSQL, ModelView):
    __name__ = 'salon.card.bonus.rule'

    company = fields.Many2One('company.company', "Company", required=True)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    threshold = Monetary(
        "Threshold", currency='currency', digits='currency', required=True,
        help="The minimal amount paid in one top-up.")
    bonus = Monetary(
        "Bonus", currency='currency', digits='currency', required=True,
        help="The value added on top of the amount paid.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('threshold', 'ASC'))

    @classmethod
    def validate_fields(cls, rules, field_names):
        super().validate_fields(rules, field_names)
        if field_names is None or field_names & {'threshold', 'bonus'}:
            for rule in rules:
                if rule.threshold <= 0 or rule.bonus <= 0:
                    raise CardValidationError(gettext(
                            'salon_membership.msg_card_bonus_rule_positive'))

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @classmethod
    def compute(cls, company, amount):
        "Return the bonus of the best rule matching amount paid"
        rules = cls.search([
                ('company', '=', company.id),
                ('threshold', '<=', amount),
                ], order=[('threshold', 'DESC'), ('bonus', 'DESC')],
            limit=1)
        if rules:
            rule, = rules
            return company.currency.round(rule.bonus)
        return Decimal(0)


class CardManageStart(ModelView):
    __name__ = 'salon.card.manage.start'

    card = fields.Many2One('salon.card', "Card", readonly=True)
    company = fields.Many2One('company.company', "Company", readonly=True)
    currency = fields.Many2One('currency.currency', "Currency", readonly=True)
    operation = fields.Selection([
            ('adjust', "Adjust"),
            ('transfer', "Transfer"),
            ('refund', "Refund a Spend"),
            ], "Operation", required=True)
    amount = Monetary(
        "Amount", currency='currency', digits='currency',
        states={
            'invisible': Eval('operation') == 'refund',
            'required': Eval('operation') != 'refund',
            },
        help="For an adjustment, a negative amount takes value off.")
    to_card = fields.Many2One(
        'salon.card', "To Card",
        domain=[
            ('company', '=', Eval('company', -1)),
            ('id', '!=', Eval('card', -1)),
            ('state', '=', 'active'),
            ],
        states={
            'invisible': Eval('operation') != 'transfer',
            'required': Eval('operation') == 'transfer',
            })
    line = fields.Many2One(
        'salon.card.line', "Spend",
        domain=[
            ('card', '=', Eval('card', -1)),
            ('type', '=', 'spend'),
            ],
        states={
            'invisible': Eval('operation') != 'refund',
            'required': Eval('operation') == 'refund',
            })
    reason = fields.Char("Reason", required=True)


class CardManage(Wizard):
    __name__ = 'salon.card.manage'
    start = StateView(
        'salon.card.manage.start',
        'salon_membership.card_manage_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("OK", 'manage', 'tryton-ok', default=True),
            ])
    manage = StateTransition()

    def default_start(self, fields):
        return {
            'card': self.record.id,
            'company': self.record.company.id,
            'currency': self.record.company.currency.id,
            'operation': 'adjust',
            }

    def transition_manage(self):
        pool = Pool()
        Card = pool.get('salon.card')
        Line = pool.get('salon.card.line')
        start = self.start
        card = Card(self.record.id)
        if start.operation == 'adjust':
            Card.adjust([card], start.amount, start.reason)
        elif start.operation == 'transfer':
            Card.transfer(
                card, Card(start.to_card.id), start.amount, start.reason)
        elif start.operation == 'refund':
            line = Line(start.line.id)
            if line.card != card:
                raise CardUsageError(gettext(
                        'salon_membership.msg_card_refund_spend',
                        line=line.rec_name))
            Line.refund([line], start.reason)
        return 'end'


class CardReconciliation(ModelSQL, ModelView):
    __name__ = 'salon.card.reconciliation'

    card = fields.Many2One('salon.card', "Card")
    client = fields.Many2One(
        'party.party', "Client",
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    company = fields.Many2One('company.company', "Company")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    ledger = Monetary(
        "Ledger", currency='currency', digits='currency',
        help="The balance of the card: the sum of its ledger.")
    unposted = Monetary(
        "Unposted", currency='currency', digits='currency',
        help="The ledger lines not posted yet (open POS sales).")
    liability = Monetary(
        "Liability Accounts", currency='currency', digits='currency',
        help="The credit balance of the stored-value liability accounts "
        "recorded for the card.")
    difference = Monetary(
        "Difference", currency='currency', digits='currency',
        help="Posted ledger minus liability accounts: must be zero.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('id', 'DESC')]

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @classmethod
    def read(cls, ids, fields_names):
        pool = Pool()
        Card = pool.get('salon.card')
        rows = super().read(ids, fields_names)
        amounts = [f for f in ['ledger', 'unposted', 'liability', 'difference']
            if f in fields_names]
        if amounts:
            # SQLite sums numeric as float: give them the currency digits
            with without_check_access():
                currencies = {
                    c.id: c.company.currency for c in Card.browse(ids)}
            for row in rows:
                currency = currencies[row['id']]
                for name in amounts:
                    if row[name] is not None:
                        row[name] = currency.round(Decimal(str(row[name])))
        return rows

    @classmethod
    def table_query(cls):
        pool = Pool()
        Card = pool.get('salon.card')
        Line = pool.get('salon.card.line')
        Move = pool.get('account.move')
        MoveLine = pool.get('account.move.line')
        card = Card.__table__()
        line = Line.__table__()
        move = Move.__table__()
        move2 = Move.__table__()
        move_line = MoveLine.__table__()
        zero = Literal(Decimal(0))
        posted = move.state == 'posted'
        ledger = line.join(move, 'LEFT', condition=line.move == move.id
            ).select(
                line.card.as_('card'),
                Sum(Case((posted, line.amount), else_=zero)).as_('ledger'),
                Sum(Case((posted, zero), else_=line.amount)
                    ).as_('unposted'),
                group_by=line.card)
        general = move_line.join(
            move2, condition=move_line.move == move2.id
            ).select(
                move_line.salon_card.as_('card'),
                Sum(move_line.credit - move_line.debit).as_('liability'),
                where=(move2.state == 'posted')
                & (move_line.salon_card != Null),
                group_by=move_line.salon_card)
        ledger_amount = Coalesce(ledger.ledger, zero)
        general_amount = Coalesce(general.liability, zero)
        return (card
            .join(ledger, 'LEFT', condition=ledger.card == card.id)
            .join(general, 'LEFT', condition=general.card == card.id)
            .select(
                card.id.as_('id'),
                card.id.as_('card'),
                card.client.as_('client'),
                card.company.as_('company'),
                ledger_amount.as_('ledger'),
                Coalesce(ledger.unposted, zero).as_('unposted'),
                general_amount.as_('liability'),
                (ledger_amount - general_amount).as_('difference'),
                ))


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(
            ('salon.card|expire_cards', "Expire Stored-Value Cards"))
