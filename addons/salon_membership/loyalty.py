# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Loyalty points: a ledger per client, earned on the money paid at the
POS, redeemed as a POS payment method, expired first in first out."""
from collections import defaultdict
from decimal import ROUND_DOWN, Decimal

from dateutil.relativedelta import relativedelta
from sql import Null
from sql.aggregate import Sum
from sql.conditionals import Case

from trytond import backend
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.product import round_price
from trytond.modules.salon_crm.ledger import lock_ledger
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access

from .exceptions import (
    PointsAccessError, PointsValidationError, RedeemError)

POINTS_TYPES = [
    ('earn', "Earned"),
    ('redeem', "Redeemed"),
    ('expire', "Expired"),
    ('adjust', "Adjustment"),
    ('birthday', "Birthday"),
    ('referral', "Referral"),
    ]


class Configuration(metaclass=PoolMeta):
    __name__ = 'salon.membership.configuration'

    tier_basis = fields.Selection([
            ('spend', "Spend"),
            ('points', "Points Earned"),
            ], "Tier Basis", required=True,
        help="What the tiers' thresholds measure over the last 12 months.")
    points_rate = fields.Numeric(
        "Points per Unit", digits=(16, 4), required=True,
        domain=[('points_rate', '>=', 0)],
        help="The points earned per currency unit paid in money, for the "
        "clients without tier.")
    points_validity = fields.Integer(
        "Points Validity Months", required=True,
        domain=[('points_validity', '>', 0)],
        help="Points expire this many months after they were earned.")
    point_value = fields.Numeric(
        "Point Value", digits=(16, 4), required=True,
        domain=[('point_value', '>', 0)],
        help="The value of one point redeemed at the POS.")

    @classmethod
    def default_tier_basis(cls):
        return 'spend'

    @classmethod
    def default_points_rate(cls):
        return Decimal(1)

    @classmethod
    def default_points_validity(cls):
        return 24

    @classmethod
    def default_point_value(cls):
        return Decimal('0.01')


class PointsLine(ModelSQL, ModelView):
    "Salon Points Line"
    __name__ = 'salon.points.line'

    client = fields.Many2One(
        'party.party', "Client", required=True, ondelete='RESTRICT',
        domain=[('salon_client', '=', True)],
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT')
    date = fields.Date("Date", required=True)
    points = fields.Integer(
        "Points", required=True,
        help="Positive adds points to the client.")
    type = fields.Selection(POINTS_TYPES, "Type", required=True)
    description = fields.Char(
        "Description",
        states={
            'required': Eval('type') == 'adjust',
            })
    origin = fields.Reference(
        "Origin", selection='get_origin', readonly=True)
    expiry_date = fields.Date(
        "Expiry Date",
        help="The points earned expire after this date.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._order.insert(0, ('date', 'DESC'))
        cls._order.insert(1, ('id', 'DESC'))
        cls._sql_indexes.add(
            cls._sql_index(t, t.client, t.company))

    @classmethod
    def _sql_index(cls, t, *columns):
        from trytond.model import Index
        return Index(t, *((c, Index.Range()) for c in columns))

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_type(cls):
        return 'adjust'

    @classmethod
    def _get_origin(cls):
        return ['sale.point.sale', 'sale.point.payment',
            'salon.membership.reward']

    @classmethod
    def get_origin(cls):
        IrModel = Pool().get('ir.model')
        get_name = IrModel.get_name
        return [(None, '')] + [(m, get_name(m)) for m in cls._get_origin()]

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        super().check_modification(
            mode, lines, values=values, external=external)
        if not external:
            return
        # Users only adjust: the other lines come from the POS and crons
        if mode != 'create':
            raise PointsAccessError(gettext(
                    'salon_membership.msg_points_line_modify'))
        user = User(Transaction().user)
        allowed = {
            ModelData.get_id('salon_crm', 'group_salon_hq'),
            ModelData.get_id('salon_crm', 'group_salon_manager'),
            }
        if not allowed & {g.id for g in user.groups}:
            raise PointsAccessError(gettext(
                    'salon_membership.msg_points_adjust_denied'))
        for line in lines:
            if line.type != 'adjust':
                raise PointsAccessError(gettext(
                        'salon_membership.msg_points_adjust_only'))

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        Configuration = pool.get('salon.membership.configuration')
        values = super().preprocess_values(mode, values)
        if (mode == 'create' and values.get('points', 0) > 0
                and 'expiry_date' not in values and values.get('date')):
            months = Configuration(1).points_validity
            values['expiry_date'] = (
                values['date'] + relativedelta(months=months))
        return values

    @classmethod
    def validate_fields(cls, lines, field_names):
        super().validate_fields(lines, field_names)
        cls.check_adjustment(lines, field_names)

    @classmethod
    def check_adjustment(cls, lines, field_names=None):
        pool = Pool()
        Party = pool.get('party.party')
        if field_names and not (
                field_names & {'type', 'description', 'points'}):
            return
        negative = defaultdict(int)
        for line in lines:
            if line.type != 'adjust':
                continue
            if not line.description:
                raise PointsValidationError(gettext(
                        'salon_membership.msg_points_adjust_reason',
                        client=line.client.rec_name))
            if not line.points:
                raise PointsValidationError(gettext(
                        'salon_membership.msg_points_adjust_zero',
                        client=line.client.rec_name))
            if line.points < 0:
                negative[line.client, line.company] += line.points
        # A balance never goes below zero
        for (client, company), _ in negative.items():
            with Transaction().set_context(company=company.id):
                balance = Party.get_salon_points(
                    [client], 'salon_points')[client.id]
            if balance < 0:
                raise PointsValidationError(gettext(
                        'salon_membership.msg_points_negative',
                        client=client.rec_name, balance=balance))

    @classmethod
    def balances(cls, client_ids, company_id):
        "Return {client id: balance} from the ledger in one query"
        cursor = Transaction().connection.cursor()
        line = cls.__table__()
        result = {i: 0 for i in client_ids}
        for sub_ids in grouped_slice(
                client_ids, backend.MAX_QUERY_PARAMS):
            cursor.execute(*line.select(
                    line.client, Sum(line.points),
                    where=fields.SQL_OPERATORS['in'](line.client, sub_ids)
                    & (line.company == company_id),
                    group_by=[line.client]))
            result.update((c, int(p or 0)) for c, p in cursor)
        return result

    @classmethod
    def expire(cls, today=None):
        """Write an expire line for the points past their expiry date and
        not used yet: the uses (redeemed, expired, taken off) consume the
        points with the earliest expiry first."""
        pool = Pool()
        Date = pool.get('ir.date')
        cursor = Transaction().connection.cursor()
        if today is None:
            today = Date.today()
        line = cls.__table__()
        due = Sum(Case(
                ((line.points > 0) & (line.expiry_date != Null)
                    & (line.expiry_date < today), line.points),
                else_=0))
        used = Sum(Case((line.points < 0, -line.points), else_=0))
        query = line.select(
            line.client, line.company, (due - used).as_('expired'),
            group_by=[line.client, line.company],
            having=(due - used) > 0)
        cursor.execute(*query)
        lines = [{
                'client': client, 'company': company, 'date': today,
                'points': -int(expired), 'type': 'expire',
                } for client, company, expired in cursor]
        if lines:
            cls.create(lines)
        return lines

    @classmethod
    def expire_cron(cls):
        "Daily cron entry point"
        cls.expire()


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    salon_points = fields.Function(fields.Integer(
            "Points",
            help="The loyalty points of the client in the current company."),
        'get_salon_points')
    salon_points_lines = fields.One2Many(
        'salon.points.line', 'client', "Points Lines", readonly=True,
        filter=[
            ('company', '=', Eval('context', {}).get('company', -1)),
            ])

    @classmethod
    def get_salon_points(cls, parties, name):
        pool = Pool()
        PointsLine = pool.get('salon.points.line')
        company = Transaction().context.get('company')
        ids = [p.id for p in parties]
        if not company:
            return {i: 0 for i in ids}
        return PointsLine.balances(ids, company)


class PaymentMethod(metaclass=PoolMeta):
    __name__ = 'sale.point.payment.method'

    salon_non_money = fields.Boolean(
        "Not Money",
        help="Check for the methods that do not bring money (stored value, "
        "points, packages): they earn no loyalty points.")
    salon_points = fields.Boolean(
        "Points",
        help="Pay with the client's points; the account of the method "
        "carries the cost of the points redeemed.")

    @classmethod
    def default_salon_non_money(cls):
        return False

    @classmethod
    def default_salon_points(cls):
        return False

    @fields.depends('salon_points')
    def on_change_salon_points(self):
        if self.salon_points:
            self.salon_non_money = True

    @property
    def salon_money(self):
        return not (self.salon_non_money or self.salon_points)


class PointsPaymentMixin:
    "Points redeemed as POS payments, see sale_point.py"
    __slots__ = ()

    @classmethod
    def _salon_check_points_payments_write(cls, payments, values):
        "Refuse to change the points payments"
        if values.keys() & {'amount', 'method', 'sale'}:
            for payment in payments:
                if payment.method.salon_points:
                    raise RedeemError(gettext(
                            'salon_membership.msg_points_payment_modify',
                            payment=payment.rec_name))

    @classmethod
    def _salon_redeeming_clients(cls, payments):
        "Return the clients whose points the payments redeem"
        return [p.sale.salon_client for p in payments
            if p.method and p.method.salon_points
            and p.sale and p.sale.salon_client]

    @classmethod
    def _salon_points_payments(cls, mode, payments):
        "Redeem the points of the payments created, give back the deleted"
        PointsLine = Pool().get('salon.points.line')
        points_payments = [p for p in payments if p.method.salon_points]
        if not points_payments:
            return
        if mode == 'create':
            cls.salon_redeem(points_payments)
        elif mode == 'delete':
            lines = PointsLine.search([
                    ('origin', 'in', [str(p) for p in points_payments]),
                    ])
            with without_check_access():
                PointsLine.delete(lines)

    @classmethod
    def salon_redeem(cls, payments):
        "Take the points of the payments off their clients' balance"
        pool = Pool()
        Configuration = pool.get('salon.membership.configuration')
        Party = pool.get('party.party')
        PointsLine = pool.get('salon.points.line')
        config = Configuration(1)
        value = config.point_value
        clients = {}
        for payment in payments:
            client = payment.sale.salon_client
            if not client:
                raise RedeemError(gettext(
                        'salon_membership.msg_points_payment_client',
                        payment=payment.rec_name))
            points = payment.amount / value
            if payment.amount <= 0 or points != int(points):
                raise RedeemError(gettext(
                        'salon_membership.msg_points_payment_multiple',
                        value=value.normalize(),
                        amount=payment.amount))
            if payment.sale.amount_to_pay < 0:
                raise RedeemError(gettext(
                        'salon_membership.msg_points_payment_over',
                        payment=payment.rec_name,
                        sale=payment.sale.rec_name))
            clients[client.id] = client
        # Lock the clients before reading the balances to change
        lock_ledger(Party, list(clients.values()))
        wanted = defaultdict(int)
        lines = []
        for payment in payments:
            client = payment.sale.salon_client
            points = int(payment.amount / value)
            wanted[client.id, payment.company.id] += points
            lines.append({
                    'client': client.id,
                    'company': payment.company.id,
                    'date': payment.sale.date,
                    'points': -points,
                    'type': 'redeem',
                    'origin': str(payment),
                    })
        for (client_id, company_id), points in wanted.items():
            balance = PointsLine.balances(
                [client_id], company_id)[client_id]
            if points > balance:
                raise RedeemError(gettext(
                        'salon_membership.msg_points_redeem_balance',
                        client=clients[client_id].rec_name,
                        balance=balance, points=points))
        with without_check_access():
            PointsLine.create(lines)


class PointsSaleMixin:
    "The steps of a POS sale for tiers and points, see sale_point.py"
    __slots__ = ()

    salon_points = fields.Function(fields.Integer(
            "Points",
            help="The loyalty points of the client in the current company."),
        'on_change_with_salon_points')
    salon_tier = fields.Function(fields.Many2One(
            'salon.membership.tier', "Tier"), 'on_change_with_salon_tier')

    @fields.depends('salon_client')
    def on_change_with_salon_tier(self, name=None):
        if self.salon_client:
            return self.salon_client.salon_tier

    @fields.depends('salon_client', 'company')
    def on_change_with_salon_points(self, name=None):
        if self.salon_client and self.company:
            with Transaction().set_context(company=self.company.id):
                return self.salon_client.__class__(
                    self.salon_client.id).salon_points

    @fields.depends('salon_client', 'point', 'date', 'company', 'state',
        'lines', 'payments',
        methods=['on_change_with_salon_tier', 'on_change_with_total',
            'on_change_with_total_tax', 'on_change_with_amount_to_pay'])
    def on_change_salon_client(self):
        self.salon_tier = self.on_change_with_salon_tier()
        lines = list(self.lines or [])
        for line in lines:
            if line.product and (line.quantity or 0) >= 0:
                # The lines of an on_change do not know their sale
                line.sale = self
                line.on_change_product()
        self.lines = lines
        self.total = self.on_change_with_total()
        self.total_tax = self.on_change_with_total_tax()
        self.amount_to_pay = self.on_change_with_amount_to_pay()

    @classmethod
    def _salon_referred_clients(cls, sales):
        "Return the clients whose first visit may reward their referrer"
        return [s.salon_client for s in sales
            if s.salon_client and s.salon_client.salon_referrer]

    @classmethod
    def salon_earn_points(cls, sales):
        "Earn the points of the money paid at the tier's rate"
        pool = Pool()
        Configuration = pool.get('salon.membership.configuration')
        PointsLine = pool.get('salon.points.line')
        config = Configuration(1)
        lines = []
        for sale in sales:
            client = sale.salon_client
            if not client:
                continue
            money = sum(
                (p.amount for p in sale.payments if p.method.salon_money),
                Decimal(0))
            rate = config.points_rate
            if client.salon_tier and client.salon_tier.points_rate is not None:
                rate = client.salon_tier.points_rate
            points = int((money * rate).to_integral_value(ROUND_DOWN))
            if points > 0:
                lines.append({
                        'client': client.id,
                        'company': sale.company.id,
                        'date': sale.date,
                        'points': points,
                        'type': 'earn',
                        'origin': str(sale),
                        })
        if lines:
            with without_check_access():
                PointsLine.create(lines)


class PointsSaleLineMixin:
    "The tier discount of a POS sale line, see sale_point.py"
    __slots__ = ()

    salon_tier_discount = fields.Numeric(
        "Tier Discount", digits=(1, 4),
        states={
            'readonly': True,  # Set by on_change_product
            },
        help="The rate of the client's tier taken off the price.")

    @fields.depends('sale', '_parent_sale.salon_client', 'quantity',
        'unit_list_price', 'unit_gross_price', 'product',
        methods=['on_change_with_unit_price', 'on_change_with_amount'])
    def _salon_apply_tier_discount(self):
        "Take the discount of the client's tier off the prices rung up"
        self.salon_tier_discount = None
        if not (self.sale and self.sale.salon_client
                and self.unit_gross_price is not None
                and (self.quantity or 0) >= 0
                and not getattr(self.product, 'gift_card', False)):
            return
        tier = self.sale.salon_client.salon_tier
        if not tier or not tier.discount:
            return
        factor = 1 - tier.discount
        digits = self.__class__.unit_gross_price.digits[1]
        self.unit_gross_price = (self.unit_gross_price * factor).quantize(
            Decimal(1) / 10 ** digits)
        self.unit_list_price = round_price(self.unit_list_price * factor)
        self.salon_tier_discount = tier.discount
        self.unit_price = self.on_change_with_unit_price()
        self.amount = self.on_change_with_amount()


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('salon.points.line|expire_cron', "Expire Loyalty Points"),
                ])
