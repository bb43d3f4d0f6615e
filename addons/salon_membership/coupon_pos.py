# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Campaign coupons at the POS: the promotions of sale_promotion_coupon
applied to the lines of a sale.point.sale, their usage limits counting the
processed POS sales of the client."""
import datetime as dt
from decimal import Decimal

from sql import Literal, Union
from sql.aggregate import Count, Sum
from sql.conditionals import Case, Coalesce

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.product import price_digits, round_price
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import CouponError

# The POS sales whose coupons are spent: a sale uses its coupons when it
# is processed (numbered), so two open sales can not both pass the limit
# once one of them is done.
USED_STATES = ['done', 'posted']


class PromotionCouponNumber(metaclass=PoolMeta):
    __name__ = 'sale.promotion.coupon.number'

    @classmethod
    def _active_query(cls):
        query, table, active = super()._active_query()
        used_up = cls._salon_used_up_query()
        if used_up is not None:
            active &= ~table.id.in_(used_up)
        return query, table, active

    @classmethod
    def _salon_used_up_query(cls, number_ids=None):
        """Return the query of the numbers used up by the sales orders and
        the processed POS sales together (of the context's party for the
        coupons counted per party)"""
        pool = Pool()
        Coupon = pool.get('sale.promotion.coupon')
        Sale = pool.get('sale.sale')
        SaleNumber = pool.get('sale.sale-sale.promotion.coupon.number')
        POSSale = pool.get('sale.point.sale')
        POSNumber = pool.get('sale.point.sale-sale.promotion.coupon.number')
        number = cls.__table__()
        coupon = Coupon.__table__()
        sale = Sale.__table__()
        sale_number = SaleNumber.__table__()
        pos_sale = POSSale.__table__()
        pos_number = POSNumber.__table__()

        party = Transaction().context.get('party')
        if isinstance(party, int):
            party = [party]

        uses = Union(
            sale_number.join(sale, condition=sale_number.sale == sale.id)
            .select(
                sale_number.number.as_('number'),
                sale.party.as_('party')),
            pos_number.join(pos_sale, condition=pos_number.sale == pos_sale.id)
            .select(
                pos_number.number.as_('number'),
                pos_sale.salon_client.as_('party'),
                where=pos_sale.state.in_(USED_STATES)),
            all_=True)
        if party:
            party_uses = Sum(Case((uses.party.in_(party), 1), else_=0))
            used_up = Case(
                (Coalesce(coupon.per_party, False),
                    party_uses >= coupon.number_of_use),
                else_=Count(Literal(1)) >= coupon.number_of_use)
        else:
            used_up = Case(
                (Coalesce(coupon.per_party, False), Literal(False)),
                else_=Count(Literal(1)) >= coupon.number_of_use)
        where = coupon.number_of_use > 0
        if number_ids is not None:
            where &= fields.SQL_OPERATORS['in'](number.id, number_ids)
        return (uses
            .join(number, condition=uses.number == number.id)
            .join(coupon, condition=number.coupon == coupon.id)
            .select(number.id,
                where=where,
                group_by=[number.id, coupon.number_of_use, coupon.per_party],
                having=used_up))


class CouponSaleMixin:
    "The steps of a POS sale for campaign coupons, see sale_point.py"
    __slots__ = ()

    salon_coupon_number = fields.Char(
        "Coupon Number",
        states={
            'readonly': Eval('state') != 'open',
            'invisible': Eval('state') != 'open',
            },
        help="Type the number of a campaign coupon, then press "
        "\"Apply Promotions\".")
    salon_coupons = fields.Many2Many(
        'sale.point.sale-sale.promotion.coupon.number', 'sale', 'number',
        "Coupons",
        domain=[
            ('coupon.promotion.company', '=', Eval('company', -1)),
            ],
        context={
            'party': Eval('salon_coupon_parties', []),
            },
        states={
            'readonly': Eval('state') != 'open',
            },
        depends={'salon_coupon_parties'})
    salon_coupon_parties = fields.Function(fields.Many2Many(
            'party.party', None, None, "Coupon Parties",
            context={
                'company': Eval('company', -1),
                }),
        'on_change_with_salon_coupon_parties')
    salon_promotions = fields.Function(fields.Many2Many(
            'sale.promotion', None, None, "Promotions",
            help="The promotions applied to the lines."),
        'get_salon_promotions')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update(
            salon_apply_promotions={
                'invisible': Eval('state') != 'open',
                'readonly': ~Eval('lines', []),
                'depends': ['state', 'lines'],
                },
            )

    @fields.depends('salon_client')
    def on_change_with_salon_coupon_parties(self, name=None):
        return [self.salon_client.id] if self.salon_client else []

    def get_salon_promotions(self, name):
        return sorted({l.salon_promotion.id for l in self.lines
                if l.salon_promotion})

    @classmethod
    def copy(cls, sales, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('salon_coupons')
        default.setdefault('salon_coupon_number')
        return super().copy(sales, default=default)

    @classmethod
    @ModelView.button
    def salon_apply_promotions(cls, sales):
        "Apply the promotions of the coupons to the lines"
        pool = Pool()
        Line = pool.get('sale.point.sale.line')
        cls._salon_add_coupon_numbers(sales)
        sales = cls.browse(sales)
        cls.check_salon_coupons(sales)
        lines = []
        for sale in sales:
            lines.extend(sale.salon_unapply_promotions())
            lines.extend(sale.salon_apply_promotion())
        Line.save(list({id(l): l for l in lines}.values()))

    @classmethod
    def _salon_coupon_numbers(cls, sales):
        "Return the coupon numbers the sales use"
        # two cashiers can not spend the last use at once
        return [n for s in sales for n in s.salon_coupons]

    @classmethod
    def _salon_apply_coupons(cls, sales):
        "Apply again the promotions of the sales with coupons"
        to_apply = [s for s in sales if s.salon_coupons or s.salon_promotions]
        if to_apply:
            cls.salon_apply_promotions(to_apply)

    @classmethod
    def _salon_restore_prices(cls, sales):
        "Restore the prices before the promotions of the sales opened"
        Line = Pool().get('sale.point.sale.line')
        lines = []
        for sale in cls.browse(sales):
            lines.extend(sale.salon_unapply_promotions())
        Line.save(lines)

    @classmethod
    def _salon_add_coupon_numbers(cls, sales):
        "Add the coupon number typed to the coupons of the sale"
        pool = Pool()
        Number = pool.get('sale.promotion.coupon.number')
        to_save = []
        for sale in sales:
            code = (sale.salon_coupon_number or '').strip()
            if not code:
                continue
            numbers = Number.search([
                    ('number', '=', code),
                    ('company', '=', sale.company.id),
                    ('active', 'in', [True, False]),
                    ['OR',
                        ('start_date', '<=', sale.date),
                        ('start_date', '=', None),
                        ],
                    ['OR',
                        ('end_date', '>=', sale.date),
                        ('end_date', '=', None),
                        ],
                    ], limit=1)
            if not numbers:
                others = Number.search([
                        ('number', '=', code),
                        ('company', '=', sale.company.id),
                        ('active', 'in', [True, False]),
                        ], limit=1)
                if others:
                    raise CouponError(gettext(
                            'salon_membership.msg_coupon_expired',
                            number=code, sale=sale.rec_name,
                            date=sale.date))
                raise CouponError(gettext(
                        'salon_membership.msg_coupon_unknown',
                        number=code, sale=sale.rec_name))
            number, = numbers
            if number not in sale.salon_coupons:
                sale.salon_coupons += (number,)
            sale.salon_coupon_number = None
            to_save.append(sale)
        cls.save(to_save)

    @classmethod
    def check_salon_coupons(cls, sales):
        "Check the coupons of the sales are valid and not used up"
        pool = Pool()
        Number = pool.get('sale.promotion.coupon.number')
        cursor = Transaction().connection.cursor()
        for sale in sales:
            if not sale.salon_coupons:
                continue
            client = sale.salon_client
            for number in sale.salon_coupons:
                coupon = number.coupon
                promotion = coupon.promotion
                if number.company != sale.company:
                    raise CouponError(gettext(
                            'salon_membership.msg_coupon_company',
                            number=number.rec_name, sale=sale.rec_name,
                            company=number.company.rec_name))
                start = max(
                    number.start_date or dt.date.min,
                    promotion.start_date or dt.date.min)
                end = min(
                    number.end_date or dt.date.max,
                    promotion.end_date or dt.date.max)
                if (not promotion.active
                        or not (start <= sale.date <= end)):
                    raise CouponError(gettext(
                            'salon_membership.msg_coupon_expired',
                            number=number.rec_name, sale=sale.rec_name,
                            date=sale.date))
                if coupon.number_of_use <= 0:
                    continue
                if coupon.per_party and not client:
                    raise CouponError(gettext(
                            'salon_membership.msg_coupon_client_required',
                            number=number.rec_name, sale=sale.rec_name))
                with Transaction().set_context(
                        party=client.id if client else None):
                    # The processed sales only count, this one is open
                    cursor.execute(
                        *Number._salon_used_up_query([number.id]))
                    used_up = cursor.fetchone()
                if used_up:
                    if coupon.per_party:
                        raise CouponError(gettext(
                                'salon_membership.msg_coupon_used_client',
                                number=number.rec_name,
                                client=client.rec_name,
                                uses=coupon.number_of_use))
                    raise CouponError(gettext(
                            'salon_membership.msg_coupon_used_up',
                            number=number.rec_name,
                            uses=coupon.number_of_use))

    def salon_unapply_promotions(self):
        "Restore the prices of the lines and return the lines changed"
        changed = []
        for line in self.lines:
            if line.salon_promotion:
                line.unit_list_price = line.salon_original_list_price
                line.unit_gross_price = line.salon_original_gross_price
                line.salon_original_list_price = None
                line.salon_original_gross_price = None
                line.salon_promotion = None
                line.unit_price = line.on_change_with_unit_price()
                changed.append(line)
        return changed

    def salon_apply_promotion(self):
        "Apply the promotions of the coupons and return the lines changed"
        pool = Pool()
        Promotion = pool.get('sale.promotion')
        changed = []
        for promotion in Promotion.get_salon_pos_promotions(self):
            changed.extend(promotion.salon_apply_pos(self))
        return changed


class POSSale_PromotionCouponNumber(ModelSQL):
    __name__ = 'sale.point.sale-sale.promotion.coupon.number'

    sale = fields.Many2One(
        'sale.point.sale', "Sale", required=True, ondelete='CASCADE')
    number = fields.Many2One(
        'sale.promotion.coupon.number', "Number",
        required=True, ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('sale')


class CouponSaleLineMixin:
    "The promotion of a POS sale line, see sale_point.py"
    __slots__ = ()

    salon_promotion = fields.Many2One(
        'sale.promotion', "Promotion", readonly=True, ondelete='RESTRICT',
        states={
            'invisible': ~Eval('salon_promotion'),
            })
    salon_original_list_price = fields.Numeric(
        "Original Unit List Price", digits=price_digits, readonly=True,
        states={
            'invisible': ~Eval('salon_promotion'),
            })
    salon_original_gross_price = fields.Numeric(
        "Original Unit Gross Price", digits=price_digits, readonly=True,
        states={
            'invisible': ~Eval('salon_promotion'),
            })

    @fields.depends('salon_promotion', 'salon_original_list_price',
        'salon_original_gross_price')
    def _salon_clear_promotion(self):
        "A product rung up again is not promoted"
        self.salon_promotion = None
        self.salon_original_list_price = None
        self.salon_original_gross_price = None

    @classmethod
    def copy(cls, lines, default=None):
        def original(name):
            # A copy is not promoted: it takes back the original price
            def value(data):
                if (data.get('salon_promotion') is not None
                        and data.get('salon_original_' + name) is not None):
                    return data['salon_original_' + name]
                return data['unit_' + name]
            return value
        default = default.copy() if default is not None else {}
        default.setdefault('unit_list_price', original('list_price'))
        default.setdefault('unit_gross_price', original('gross_price'))
        default.setdefault('salon_promotion')
        default.setdefault('salon_original_list_price')
        default.setdefault('salon_original_gross_price')
        return super().copy(lines, default=default)

    def salon_set_promotion_price(self, promotion, price):
        """Set the unit price (tax included or not as the POS) given by the
        promotion, keeping the original prices"""
        pool = Pool()
        Tax = pool.get('account.tax')
        digits = self.__class__.unit_gross_price.digits[1]
        gross_digits = Decimal(1) / 10 ** digits
        self.salon_original_list_price = self.unit_list_price
        self.salon_original_gross_price = self.unit_gross_price
        if self.sale.point.tax_included:
            self.unit_gross_price = price.quantize(gross_digits)
            self.unit_list_price = round_price(Tax.reverse_compute(
                    self.unit_gross_price, self.taxes, date=self.sale.date))
        else:
            self.unit_list_price = round_price(price)
            taxes = Tax.compute(
                self.taxes, self.unit_list_price, 1, date=self.sale.date)
            self.unit_gross_price = (self.unit_list_price
                + sum(t['amount'] for t in taxes)).quantize(gross_digits)
        self.salon_promotion = promotion
        self.unit_price = self.on_change_with_unit_price()


class Promotion(metaclass=PoolMeta):
    __name__ = 'sale.promotion'

    @classmethod
    def _salon_pos_promotions_domain(cls, sale):
        # A POS has no price list: the promotions of a price list are for
        # the sales orders
        return [
            ['OR',
                ('start_date', '<=', sale.date),
                ('start_date', '=', None),
                ],
            ['OR',
                ('end_date', '=', None),
                ('end_date', '>=', sale.date),
                ],
            ('price_list', '=', None),
            ('company', '=', sale.company.id),
            ('coupons', 'in', [n.coupon.id for n in sale.salon_coupons]),
            ]

    @classmethod
    def get_salon_pos_promotions(cls, sale):
        "Yield the promotions of the coupons of the POS sale that apply"
        if not sale.salon_coupons:
            return
        for promotion in cls.search(cls._salon_pos_promotions_domain(sale)):
            if promotion.match(promotion.get_salon_pos_pattern(sale)):
                yield promotion

    def get_salon_pos_pattern(self, sale):
        pool = Pool()
        Currency = pool.get('currency.currency')
        Uom = pool.get('product.uom')
        pattern = {
            'coupons': [n.coupon.id for n in sale.salon_coupons],
            }
        if self.currency:
            if self.untaxed_amount:
                amount = sum(
                    (l.untax_amount for l in sale.lines), Decimal(0))
            else:
                amount = sum(
                    (l.gross_amount for l in sale.lines), Decimal(0))
            pattern['amount'] = Currency.compute(
                sale.currency, amount, self.currency)
        if self.unit:
            quantity = 0
            for line in sale.lines:
                if self.is_valid_sale_line(line):
                    quantity += Uom.compute_qty(
                        line.unit, line.quantity, self.unit)
            pattern['quantity'] = quantity
        return pattern

    def salon_apply_pos(self, sale):
        "Apply the formula to the lines of the POS sale, return those changed"
        changed = []
        for line in sale.lines:
            if not self.is_valid_sale_line(line):
                continue
            # The formula reads the price before any promotion, in the
            # POS's basis (tax included or not)
            if line.salon_promotion:
                unit_price = (line.salon_original_gross_price
                    if sale.point.tax_included
                    else line.salon_original_list_price)
            else:
                unit_price = line.on_change_with_unit_price()
            new_price = self.get_unit_price(names={'unit_price': unit_price})
            if new_price is None:
                continue
            new_price = max(new_price, Decimal(0))
            if new_price < line.on_change_with_unit_price():
                if line.salon_promotion:
                    # Keep the first original prices
                    list_price = line.salon_original_list_price
                    gross_price = line.salon_original_gross_price
                    line.salon_set_promotion_price(self, new_price)
                    line.salon_original_list_price = list_price
                    line.salon_original_gross_price = gross_price
                else:
                    line.salon_set_promotion_price(self, new_price)
                changed.append(line)
        return changed
