# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Treatment packages: N sessions sold at the POS, consumed at checkout.

The package price is deferred revenue; each consumed session recognises
its share as revenue; the sessions of a card are a ledger."""
from collections import defaultdict
from contextvars import ContextVar
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sql.aggregate import Min, Sum
from sql.conditionals import Coalesce

from trytond import backend
from trytond.i18n import gettext
from trytond.model import (
    Check, Index, ModelSQL, ModelView, Workflow, fields)
from trytond.modules.company.model import CompanyValueMixin
from trytond.modules.currency.fields import Monetary
from trytond.modules.salon_crm.ledger import lock_ledger
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval, Id, If
from trytond.tools import grouped_slice, sqlite_apply_types
from trytond.transaction import Transaction, without_check_access

from .exceptions import (
    PackageAccountError, PackageConsumeError, PackageSaleError,
    PackageStateError, PackageValidationError)


class Configuration(metaclass=PoolMeta):
    __name__ = 'salon.membership.configuration'

    package_card_sequence = fields.Many2One(
        'ir.sequence', "Package Card Sequence", required=True,
        domain=[
            ('company', 'in', [
                    Eval('context', {}).get('company', -1), None]),
            ('sequence_type', '=', Id(
                    'salon_membership', 'sequence_type_package_card')),
            ])

    @classmethod
    def default_package_card_sequence(cls):
        ModelData = Pool().get('ir.model.data')
        try:
            return ModelData.get_id(
                'salon_membership', 'sequence_package_card')
        except KeyError:
            return None


class AccountConfiguration(metaclass=PoolMeta):
    __name__ = 'account.configuration'

    salon_package_deferred_account = fields.MultiValue(fields.Many2One(
            'account.account', "Package Deferred Revenue",
            domain=[
                ('type.statement', '=', 'balance'),
                ('closed', '!=', True),
                ('company', '=', Eval('context', {}).get('company', -1)),
                ],
            help="Credited when a treatment package is sold, debited as "
            "its sessions are consumed."))
    salon_package_breakage_account = fields.MultiValue(fields.Many2One(
            'account.account', "Package Breakage Income",
            domain=[
                ('type.statement', '=', 'income'),
                ('closed', '!=', True),
                ('company', '=', Eval('context', {}).get('company', -1)),
                ],
            help="Credited with the sessions left at expiry.\n"
            "Leave empty to use the revenue account of the service."))
    salon_package_refund_account = fields.MultiValue(fields.Many2One(
            'account.account', "Package Refund",
            domain=[
                ('type.statement', '=', 'balance'),
                ('closed', '!=', True),
                ('company', '=', Eval('context', {}).get('company', -1)),
                ],
            help="Credited with the amount refunded to the client "
            "(cash or refund payable)."))

    @classmethod
    def multivalue_model(cls, field):
        pool = Pool()
        if field in {
                'salon_package_deferred_account',
                'salon_package_breakage_account',
                'salon_package_refund_account'}:
            return pool.get('account.configuration.salon_package_account')
        return super().multivalue_model(field)


class AccountConfigurationPackageAccount(ModelSQL, CompanyValueMixin):
    __name__ = 'account.configuration.salon_package_account'

    salon_package_deferred_account = fields.Many2One(
        'account.account', "Package Deferred Revenue",
        domain=[
            ('type.statement', '=', 'balance'),
            ('closed', '!=', True),
            ('company', '=', Eval('company', -1)),
            ])
    salon_package_breakage_account = fields.Many2One(
        'account.account', "Package Breakage Income",
        domain=[
            ('type.statement', '=', 'income'),
            ('closed', '!=', True),
            ('company', '=', Eval('company', -1)),
            ])
    salon_package_refund_account = fields.Many2One(
        'account.account', "Package Refund",
        domain=[
            ('type.statement', '=', 'balance'),
            ('closed', '!=', True),
            ('company', '=', Eval('company', -1)),
            ])


def _package_account(company, name, required=True):
    "Return the configured package account of the company"
    Config = Pool().get('account.configuration')
    with Transaction().set_context(company=company.id):
        account = Config(1).get_multivalue(name, company=company.id)
    if not account and required:
        Field = Config._fields[name]
        raise PackageAccountError(gettext(
                'salon_membership.msg_package_account_missing',
                account=Field.string, company=company.rec_name))
    return account


class Template(metaclass=PoolMeta):
    __name__ = 'product.template'

    salon_package = fields.Boolean(
        "Treatment Package",
        states={
            'invisible': Eval('type') != 'service',
            },
        help="Check to sell N sessions of services, consumed at checkout.")
    salon_package_services = fields.One2Many(
        'salon.package.service', 'template', "Package Services",
        states={
            'invisible': ~Eval('salon_package'),
            })
    salon_package_validity = fields.Integer(
        "Validity",
        domain=[If(Bool(Eval('salon_package')),
                ('salon_package_validity', '>', 0), ())],
        states={
            'invisible': ~Eval('salon_package'),
            'required': Bool(Eval('salon_package')),
            },
        help="In months from the day of sale.")

    @classmethod
    def default_salon_package(cls):
        return False

    @classmethod
    def default_salon_package_validity(cls):
        return 12

    @classmethod
    def validate_fields(cls, templates, field_names):
        super().validate_fields(templates, field_names)
        cls.check_salon_package(templates, field_names)

    @classmethod
    def check_salon_package(cls, templates, field_names=None):
        if field_names and not (field_names & {
                    'salon_package', 'salon_package_services',
                    'salon_service', 'type'}):
            return
        for template in templates:
            if not template.salon_package:
                continue
            if template.type != 'service' or template.salon_service:
                raise PackageValidationError(gettext(
                        'salon_membership.msg_package_not_service',
                        template=template.rec_name))

    @property
    def account_revenue_used(self):
        if getattr(self, 'salon_package', False):
            company = Transaction().context.get('company')
            if company is not None:
                Company = Pool().get('company.company')
                return _package_account(
                    Company(company), 'salon_package_deferred_account')
        return super().account_revenue_used


class PackageService(ModelSQL, ModelView):
    "A service and its number of sessions in a treatment package"
    __name__ = 'salon.package.service'

    template = fields.Many2One(
        'product.template', "Package", required=True, ondelete='CASCADE',
        domain=[('salon_package', '=', True)])
    service = fields.Many2One(
        'product.product', "Service", required=True, ondelete='RESTRICT',
        domain=[('template.salon_service', '=', True)])
    sessions = fields.Integer("Sessions", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('sessions_positive', Check(t, t.sessions > 0),
                'salon_membership.msg_package_sessions_positive'),
            ]
        cls._sql_indexes.add(Index(t, (t.template, Index.Range())))

    @classmethod
    def default_sessions(cls):
        return 1

    @classmethod
    def validate_fields(cls, records, field_names):
        super().validate_fields(records, field_names)
        if field_names and not (field_names & {'template', 'service'}):
            return
        for template in {r.template for r in records}:
            services = [s.service for s in template.salon_package_services]
            for service in services:
                if services.count(service) > 1:
                    raise PackageValidationError(gettext(
                            'salon_membership.msg_package_service_twice',
                            service=service.rec_name,
                            template=template.rec_name))


def allocate(total, weights, currency):
    "Split total in proportion to weights, the last takes the rounding"
    weights = list(weights)
    total_weight = sum(weights)
    amounts, remaining = [], total
    for i, weight in enumerate(weights):
        if i == len(weights) - 1:
            amount = remaining
        elif total_weight:
            amount = currency.round(total * weight / total_weight)
        else:
            amount = currency.round(total / len(weights))
        amounts.append(amount)
        remaining -= amount
    return amounts


class PackageCard(Workflow, ModelSQL, ModelView):
    "A client's treatment package: the sessions bought and left"
    __name__ = 'salon.package.card'
    _rec_name = 'number'

    number = fields.Char("Number", readonly=True, required=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True)
    client = fields.Many2One(
        'party.party', "Client", required=True, readonly=True,
        ondelete='RESTRICT',
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    product = fields.Many2One(
        'product.product', "Package", required=True, readonly=True,
        ondelete='RESTRICT',
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    sale_line = fields.Many2One(
        'sale.point.sale.line', "Sale Line", readonly=True,
        ondelete='RESTRICT')
    start = fields.Date("Start", required=True, readonly=True)
    expiry = fields.Date(
        "Expiry", required=True,
        states={
            'readonly': Eval('state') != 'valid',
            },
        domain=[('expiry', '>=', Eval('start'))],
        help="The last day the sessions may be used.")
    price = Monetary(
        "Price Paid", currency='currency', digits='currency',
        required=True, readonly=True,
        help="Without taxes: the deferred revenue of the package.")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    state = fields.Selection([
            ('valid', "Valid"),
            ('expired', "Expired"),
            ('refunded', "Refunded"),
            ], "State", readonly=True, required=True, sort=False)
    lines = fields.One2Many(
        'salon.package.card.line', 'card', "Ledger", readonly=True,
        order=[('date', 'ASC'), ('id', 'ASC')])
    balances = fields.One2Many(
        'salon.package.card.balance', 'card', "Remaining", readonly=True)
    remaining_sessions = fields.Function(fields.Integer(
            "Remaining Sessions"), 'get_remaining')
    deferred_amount = fields.Function(Monetary(
            "Deferred Revenue", currency='currency', digits='currency'),
        'get_remaining')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.client, Index.Range())),
                Index(t, (t.state, Index.Equality(cardinality='low')),
                    where=t.state == 'valid'),
                })
        cls._order.insert(0, ('start', 'DESC'))
        cls._transitions |= {
            ('valid', 'expired'),
            ('valid', 'refunded'),
            }
        cls._buttons.update({
                'refund': {
                    'invisible': Eval('state') != 'valid',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'valid'

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    def get_rec_name(self, name):
        return '%s (%s)' % (self.number, self.product.rec_name)

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('number', *clause[1:]),
            ('client.rec_name', *clause[1:]),
            ]

    @classmethod
    def get_balances(cls, cards):
        """Return {(card id, service id): (sessions, amount)} summed over
        the ledger lines"""
        pool = Pool()
        Line = pool.get('salon.package.card.line')
        line = Line.__table__()
        cursor = Transaction().connection.cursor()
        balances = {}
        for sub_ids in grouped_slice(
                [c.id for c in cards], backend.MAX_QUERY_PARAMS):
            query = line.select(
                line.card.as_('card'), line.service.as_('service'),
                Sum(line.sessions).as_('sessions'),
                Sum(line.amount).as_('amount'),
                where=fields.SQL_OPERATORS['in'](
                    line.card, list(sub_ids)),
                group_by=[line.card, line.service])
            if backend.name == 'sqlite':
                sqlite_apply_types(query, [None, None, None, 'NUMERIC'])
            cursor.execute(*query)
            for card, service, sessions, amount in cursor:
                balances[card, service] = (
                    int(sessions or 0), Decimal(amount or 0))
        return balances

    @classmethod
    def get_remaining(cls, cards, names):
        balances = cls.get_balances(cards)
        sessions = defaultdict(int)
        amounts = defaultdict(Decimal)
        for (card, _), (count, amount) in balances.items():
            sessions[card] += count
            amounts[card] += amount
        result = {}
        if 'remaining_sessions' in names:
            result['remaining_sessions'] = {
                c.id: sessions[c.id] for c in cards}
        if 'deferred_amount' in names:
            result['deferred_amount'] = {
                c.id: c.currency.round(amounts[c.id]) for c in cards}
        return result

    def is_valid_on(self, date):
        return self.state == 'valid' and self.start <= date <= self.expiry

    @classmethod
    def create_from_sale_lines(cls, sale_lines):
        "Create the cards of the package lines of posted POS sales"
        pool = Pool()
        Config = pool.get('salon.membership.configuration')
        Line = pool.get('salon.package.card.line')
        config = Config(1)
        cards = []
        for sale_line in sale_lines:
            sale = sale_line.sale
            template = sale_line.product.template
            quantity = int(sale_line.quantity)
            prices = allocate(
                sale_line.untax_amount, [1] * quantity, sale.currency)
            for price in prices:
                with Transaction().set_context(company=sale.company.id):
                    number = config.package_card_sequence.get()
                card = cls(
                    number=number, company=sale.company,
                    client=sale.salon_client, product=sale_line.product,
                    sale_line=sale_line, start=sale.date,
                    expiry=sale.date + relativedelta(
                        months=template.salon_package_validity),
                    price=price, state='valid')
                services = template.salon_package_services
                amounts = allocate(price, [
                        (s.service.list_price or 0) * s.sessions
                        for s in services], sale.currency)
                card.lines = [Line(
                        date=sale.date, type='purchase',
                        service=s.service, sessions=s.sessions,
                        amount=amount, sale_line=sale_line)
                    for s, amount in zip(services, amounts)]
                cards.append(card)
        cls.save(cards)
        return cards

    @classmethod
    @ModelView.button
    @Workflow.transition('refunded')
    def refund(cls, cards):
        "Refund the unused sessions pro rata to the client"
        cls._close(cards, 'refund')

    @classmethod
    def expire(cls, date=None):
        "Write off the sessions left on the cards expired before date"
        Date = Pool().get('ir.date')
        if date is None:
            date = Date.today()
        cards = cls.search([
                ('state', '=', 'valid'),
                ('expiry', '<', date),
                ], order=[('id', 'ASC')])
        cls.do_expire(cards)

    @classmethod
    @Workflow.transition('expired')
    def do_expire(cls, cards):
        cls._close(cards, 'expire')

    @classmethod
    def _close(cls, cards, type_):
        """Write the ledger lines bringing the cards to zero sessions and
        the move releasing their deferred revenue"""
        pool = Pool()
        Line = pool.get('salon.package.card.line')
        Move = pool.get('account.move')
        Date = pool.get('ir.date')
        if not cards:
            return
        lock_ledger(cls, cards)
        balances = cls.get_balances(cards)
        with without_check_access():
            lines, moves = [], []
            for card in cards:
                with Transaction().set_context(company=card.company.id):
                    date = Date.today()
                card_lines = []
                for (card_id, service_id), (sessions, amount) in sorted(
                        balances.items()):
                    if card_id != card.id or not (sessions or amount):
                        continue
                    card_lines.append(Line(
                            card=card, date=date, type=type_,
                            service=service_id, sessions=-sessions,
                            amount=-card.currency.round(amount)))
                move = card._get_close_move(card_lines, type_, date)
                if move:
                    moves.append(move)
                    for line in card_lines:
                        line.move = move
                lines.extend(card_lines)
            Move.save(moves)
            Line.save(lines)
            Move.post(moves)

    def _get_close_move(self, lines, type_, date):
        pool = Pool()
        Move = pool.get('account.move')
        MoveLine = pool.get('account.move.line')
        Period = pool.get('account.period')
        Product = pool.get('product.product')
        total = -sum(l.amount for l in lines)
        if not total:
            return
        deferred = _package_account(
            self.company, 'salon_package_deferred_account')
        credits = defaultdict(Decimal)
        if type_ == 'refund':
            account = _package_account(
                self.company, 'salon_package_refund_account')
            credits[account] += total
        else:
            breakage = _package_account(
                self.company, 'salon_package_breakage_account',
                required=False)
            for line in lines:
                account = breakage
                if not account:
                    with Transaction().set_context(
                            company=self.company.id):
                        account = Product(
                            line.service).account_revenue_used
                credits[account] -= line.amount
        move_lines = [MoveLine(
                debit=total, credit=Decimal(0), account=deferred)]
        for account, amount in credits.items():
            if amount:
                move_lines.append(MoveLine(
                        debit=Decimal(0), credit=amount, account=account))
        journal = self.sale_line.sale.point.journal
        return Move(
            journal=journal, company=self.company, date=date,
            period=Period.find(self.company, date=date),
            origin=self, lines=move_lines,
            description=self.number)


class PackageCardLine(ModelSQL, ModelView):
    "A movement of sessions on a treatment package card"
    __name__ = 'salon.package.card.line'

    card = fields.Many2One(
        'salon.package.card', "Card", required=True, readonly=True,
        ondelete='RESTRICT')
    date = fields.Date("Date", required=True, readonly=True)
    type = fields.Selection([
            ('purchase', "Purchase"),
            ('consume', "Consume"),
            ('expire', "Expire"),
            ('refund', "Refund"),
            ], "Type", required=True, readonly=True)
    service = fields.Many2One(
        'product.product', "Service", required=True, readonly=True,
        ondelete='RESTRICT')
    sessions = fields.Integer(
        "Sessions", required=True, readonly=True,
        help="Positive when bought, negative when used up.")
    amount = Monetary(
        "Deferred Revenue", currency='currency', digits='currency',
        required=True, readonly=True,
        help="Deferred revenue added by a purchase (positive) or released "
        "as revenue (negative).")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    sale_line = fields.Many2One(
        'sale.point.sale.line', "Sale Line", readonly=True,
        ondelete='RESTRICT')
    appointment_line = fields.Many2One(
        'salon.appointment.line', "Appointment Line", readonly=True,
        ondelete='RESTRICT')
    move = fields.Many2One(
        'account.move', "Move", readonly=True, ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('card')
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.card, Index.Range())),
                Index(t, (t.sale_line, Index.Range())),
                })

    @fields.depends('card', '_parent_card.company')
    def on_change_with_currency(self, name=None):
        if self.card and self.card.company:
            return self.card.company.currency

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        super().check_modification(
            mode, lines, values=values, external=external)
        # A ledger is only appended to
        if mode in {'write', 'delete'} and external:
            raise PackageStateError(gettext(
                    'salon_membership.msg_package_line_readonly'))


class PackageCardBalance(ModelSQL, ModelView):
    "The sessions and deferred revenue left per service of a card"
    __name__ = 'salon.package.card.balance'

    card = fields.Many2One(
        'salon.package.card', "Card", required=True, readonly=True)
    service = fields.Many2One(
        'product.product', "Service", required=True, readonly=True)
    sessions = fields.Integer("Remaining Sessions", readonly=True)
    amount = Monetary(
        "Deferred Revenue", currency='currency', digits='currency',
        readonly=True)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('card')

    @classmethod
    def table_query(cls):
        Line = Pool().get('salon.package.card.line')
        line = Line.__table__()
        return line.select(
            Min(line.id).as_('id'),
            line.card.as_('card'),
            line.service.as_('service'),
            Coalesce(Sum(line.sessions), 0).as_('sessions'),
            Coalesce(Sum(line.amount), 0).as_('amount'),
            group_by=[line.card, line.service])

    @fields.depends('card', '_parent_card.company')
    def on_change_with_currency(self, name=None):
        if self.card and self.card.company:
            return self.card.company.currency


class PackageSaleMixin:
    "The steps of a POS sale for treatment packages, see sale_point.py"
    __slots__ = ()

    @classmethod
    def _salon_package_cards(cls, sales):
        "Return the package cards whose sessions the sales use"
        return [l.salon_package_card for s in sales for l in s.lines
            if l.salon_package_card]

    @classmethod
    def check_salon_packages(cls, sales):
        "Check the package sold and the sessions consumed"
        pool = Pool()
        Card = pool.get('salon.package.card')
        cards = {l.salon_package_card for s in sales for l in s.lines
            if l.salon_package_card}
        balances = Card.get_balances(list(cards))
        needed = defaultdict(int)
        for sale in sales:
            for line in sale.lines:
                if line.salon_is_package:
                    if not sale.salon_client:
                        raise PackageSaleError(gettext(
                                'salon_membership.msg_package_no_client',
                                sale=sale.rec_name,
                                package=line.product.rec_name))
                    if line.quantity != int(line.quantity) or (
                            line.quantity < 0):
                        raise PackageSaleError(gettext(
                                'salon_membership.msg_package_quantity',
                                sale=sale.rec_name,
                                package=line.product.rec_name))
                card = line.salon_package_card
                if not card:
                    continue
                line.check_salon_package_card(balances)
                key = (card.id, line.product.id)
                needed[key] += int(line.quantity)
                left = balances.get(key, (0, 0))[0]
                if needed[key] > left:
                    raise PackageConsumeError(gettext(
                            'salon_membership.msg_package_no_session_left',
                            card=card.rec_name,
                            service=line.product.rec_name,
                            remaining=left))

    @classmethod
    def consume_salon_packages(cls, sales):
        """Write the consume lines of the sessions used by the sales done;
        the caller holds the lock of their cards and checked the sessions
        left under it, so they cannot be spent twice"""
        pool = Pool()
        Card = pool.get('salon.package.card')
        Line = pool.get('salon.package.card.line')
        sale_lines = [l for s in sales for l in s.lines
            if l.salon_package_card]
        if not sale_lines:
            return
        balances = Card.get_balances(
            list({l.salon_package_card for l in sale_lines}))
        lines = []
        for sale_line in sale_lines:
            card = sale_line.salon_package_card
            key = (card.id, sale_line.product.id)
            sessions, amount = balances[key]
            used = int(sale_line.quantity)
            recognised = card.currency.round(amount * used / sessions)
            balances[key] = (sessions - used, amount - recognised)
            lines.append(Line(
                    card=card, date=sale_line.sale.date, type='consume',
                    service=sale_line.product, sessions=-used,
                    amount=-recognised, sale_line=sale_line,
                    appointment_line=sale_line.salon_appointment_line))
        Line.save(lines)

    @classmethod
    def _salon_give_back_sessions(cls, sales):
        "Delete the consume lines of the done sales opened again"
        pool = Pool()
        Card = pool.get('salon.package.card')
        Line = pool.get('salon.package.card.line')
        lines = [pl for s in sales if s.state == 'done' for l in s.lines
            for pl in l.salon_package_lines if pl.type == 'consume']
        for line in lines:
            # a refunded or expired card was closed on its ledger then
            if line.card.state != 'valid':
                raise PackageStateError(gettext(
                        'salon_membership.msg_package_reopen_closed',
                        sale=line.sale_line.sale.rec_name,
                        card=line.card.rec_name))
        if lines:
            lock_ledger(Card, [l.card for l in lines])
            with without_check_access():
                Line.delete(lines)

    @classmethod
    def _salon_create_package_cards(cls, sales):
        "Create the cards of the packages sold by the sales posted"
        Card = Pool().get('salon.package.card')
        package_lines = [l for s in sales for l in s.lines
            if l.salon_is_package and l.quantity > 0]
        with without_check_access():
            Card.create_from_sale_lines(package_lines)


class PackageSaleLineMixin:
    "The treatment package of a POS sale line, see sale_point.py"
    __slots__ = ()

    salon_package_card = fields.Many2One(
        'salon.package.card', "Package Card", ondelete='RESTRICT',
        domain=[
            ('company', '=', Eval('company', -1)),
            ('state', '=', 'valid'),
            ],
        states={
            'readonly': Eval('sale_state') != 'open',
            },
        help="The treatment package the session is taken from.")
    salon_package_lines = fields.One2Many(
        'salon.package.card.line', 'sale_line', "Package Ledger",
        readonly=True)
    salon_is_package = fields.Function(fields.Boolean(
            "Is Package"), 'on_change_with_salon_is_package')

    @fields.depends('product')
    def on_change_with_salon_is_package(self, name=None):
        return bool(self.product and self.product.template.salon_package)

    @fields.depends(
        'salon_package_card', methods=['on_change_product'])
    def on_change_salon_package_card(self):
        if self.salon_package_card:
            self.salon_set_package_price()
        else:
            self.on_change_product()

    def salon_set_package_price(self):
        "A session of a package is paid: the line is free"
        self.unit_list_price = self.unit_gross_price = Decimal(0)
        self.unit_price = Decimal(0)
        self.amount = Decimal(0)

    @classmethod
    def copy(cls, lines, default=None):
        default = default.copy() if default else {}
        default.setdefault('salon_package_lines')
        return super().copy(lines, default=default)

    @classmethod
    def validate_fields(cls, lines, field_names):
        super().validate_fields(lines, field_names)
        if field_names and not (field_names & {
                    'salon_package_card', 'unit_gross_price',
                    'unit_list_price'}):
            return
        for line in lines:
            if line.salon_package_card and (
                    line.unit_gross_price or line.unit_list_price):
                raise PackageValidationError(gettext(
                        'salon_membership.msg_package_line_price',
                        line=line.rec_name,
                        card=line.salon_package_card.rec_name))

    def check_salon_package_card(self, balances=None):
        """Check the card may give a session of the line's service

        balances: the get_balances of the card, read when missing"""
        pool = Pool()
        Card = pool.get('salon.package.card')
        card = self.salon_package_card
        sale = self.sale
        if card.company != sale.company:
            raise PackageConsumeError(gettext(
                    'salon_membership.msg_package_other_company',
                    card=card.rec_name, company=sale.company.rec_name))
        if card.client != sale.salon_client:
            raise PackageConsumeError(gettext(
                    'salon_membership.msg_package_other_client',
                    card=card.rec_name, client=card.client.rec_name))
        if not card.is_valid_on(sale.date):
            raise PackageConsumeError(gettext(
                    'salon_membership.msg_package_not_valid',
                    card=card.rec_name, start=card.start,
                    expiry=card.expiry))
        if balances is None:
            balances = Card.get_balances([card])
        # a service the card covers has a line: its purchase
        if (card.id, self.product.id) not in balances:
            raise PackageConsumeError(gettext(
                    'salon_membership.msg_package_service_not_covered',
                    card=card.rec_name, service=self.product.rec_name))
        if self.quantity <= 0 or self.quantity != int(self.quantity):
            raise PackageConsumeError(gettext(
                    'salon_membership.msg_package_consume_quantity',
                    card=card.rec_name, service=self.product.rec_name))

    def _salon_recognise_sessions(self, lines):
        """Add to the move lines of the sale line the revenue recognised by
        the sessions it consumed"""
        pool = Pool()
        MoveLine = pool.get('account.move.line')
        recognised = -sum(
            l.amount for l in self.salon_package_lines
            if l.type == 'consume')
        if recognised:
            company = self.sale.company
            deferred = _package_account(
                company, 'salon_package_deferred_account')
            with Transaction().set_context(company=company.id):
                revenue = self.product.account_revenue_used
            lines.append(MoveLine(
                    debit=recognised, credit=Decimal(0), account=deferred,
                    origin=self))
            # the session's line is at price 0: its revenue line (of no
            # tax base) carries the revenue recognised
            line = next((l for l in lines if l.origin == self
                    and l.account == revenue and not l.debit), None)
            if line:
                line.credit += recognised
            else:
                lines.append(MoveLine(
                        debit=Decimal(0), credit=recognised,
                        account=revenue, origin=self))
        return lines


class PackageSessions:
    """The sessions left on the valid package cards of some clients, handed
    out to the lines of the sales built at checkout"""

    def __init__(self, clients):
        Card = Pool().get('salon.package.card')
        self.cards = Card.search([
                ('client', 'in', [c.id for c in clients]),
                ('state', '=', 'valid'),
                ], order=[('expiry', 'ASC'), ('id', 'ASC')])
        self.left = {key: sessions for key, (sessions, _)
            in Card.get_balances(self.cards).items()}

    def take(self, sale, line):
        """Return the card of the earliest expiry which gives the sessions
        of the line, which it no longer offers; None if none does"""
        for card in self.cards:
            key = (card.id, line.product.id)
            if (card.client == sale.salon_client
                    and card.company == sale.company
                    and card.is_valid_on(sale.date)
                    and self.left.get(key, 0) >= line.quantity):
                self.left[key] -= int(line.quantity)
                return card


# the sessions offered to the lines of the checkout under way
_checkout_sessions = ContextVar('salon_package_sessions', default=None)


class Appointment(metaclass=PoolMeta):
    __name__ = 'salon.appointment'

    @classmethod
    @ModelView.button
    def checkout(cls, appointments):
        # the clients' cards are read once for all the appointments
        sessions = PackageSessions(
            {a.client for a in appointments if not a.sale})
        token = _checkout_sessions.set(sessions)
        try:
            super().checkout(appointments)
        finally:
            _checkout_sessions.reset(token)


class AppointmentLine(metaclass=PoolMeta):
    __name__ = 'salon.appointment.line'

    def get_pos_sale_line(self, sale):
        "A valid package card of the client covering the service pays it"
        line = super().get_pos_sale_line(sale)
        if (not line or getattr(line, 'salon_package_card', None)
                or line.quantity <= 0
                or not sale.salon_client):
            return line
        sessions = _checkout_sessions.get()
        if sessions is None:
            sessions = PackageSessions([sale.salon_client])
        card = sessions.take(sale, line)
        if card:
            line.salon_package_card = card
            line.salon_set_package_price()
        return line


class AccountMove(metaclass=PoolMeta):
    __name__ = 'account.move'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['salon.package.card']


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(
            ('salon.package.card|expire', "Expire Treatment Packages"))
