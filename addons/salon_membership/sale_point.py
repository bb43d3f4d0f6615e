# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The salon steps of a POS sale, in the order they run.

Each rule stays in the file of its business area (coupon_pos.py,
member_pos.py, otp.py, package.py, card_pos.py, loyalty.py) as a mixin of
named steps; only the classes below extend the host's POS models, so the
order of the steps is read here, whatever the order of tryton.cfg."""
from trytond.model import ModelView, Workflow, fields
from trytond.modules.salon_crm.ledger import lock_ledgers
from trytond.pool import Pool, PoolMeta
from trytond.transaction import without_check_access

from .card_pos import CardPaymentMixin, CardSaleLineMixin, CardSaleMixin
from .coupon_pos import CouponSaleLineMixin, CouponSaleMixin
from .loyalty import (
    PointsPaymentMixin, PointsSaleLineMixin, PointsSaleMixin)
from .member_pos import MemberSaleMixin
from .otp import OTPSaleMixin
from .package import PackageSaleLineMixin, PackageSaleMixin


def _ledgers(*groups):
    """Return the (Model, records) of the (model name, records) heading
    ledgers, in the order lock_ledgers locks them together"""
    pool = Pool()
    return [(pool.get(name), records) for name, records in groups]


class POSSale(
        CouponSaleMixin, MemberSaleMixin, OTPSaleMixin, PackageSaleMixin,
        CardSaleMixin, PointsSaleMixin, metaclass=PoolMeta):
    __name__ = 'sale.point.sale'

    @classmethod
    def _salon_done_ledgers(cls, sales):
        "The ledgers that completing the sales changes"
        return _ledgers(
            ('salon.package.card', cls._salon_package_cards(sales)),
            ('sale.promotion.coupon.number',
                cls._salon_coupon_numbers(sales)))

    @classmethod
    def _salon_post_ledgers(cls, sales):
        "The ledgers that posting the sales changes"
        return _ledgers(
            ('party.party', cls._salon_referred_clients(sales)),
            ('salon.card', cls._salon_top_up_cards(sales)))

    @classmethod
    def _salon_lock_done_ledgers(cls, sales):
        with without_check_access():
            lock_ledgers(cls._salon_done_ledgers(sales))

    @classmethod
    @ModelView.button
    def process(cls, sales):
        to_process = [s for s in sales if s.state == 'open']
        # every lock that completing the sales needs, asked at once, before
        # the coupons change the amount to pay
        cls._salon_lock_done_ledgers(to_process)
        cls._salon_apply_coupons(to_process)
        # the host does the sales paid
        super().process(cls.browse(sales))

    @classmethod
    @Workflow.transition('done')
    def do(cls, sales):
        cls._salon_lock_done_ledgers(sales)
        cls.check_salon_coupons(sales)
        cls.check_salon_packages(sales)
        cls._salon_check_package_codes(sales)
        cls._check_top_ups(sales)
        super().do(sales)
        # the sessions are taken when the sale is done (paid), not when it
        # is posted later: a done sale holds its session, so the last one
        # can not be used twice and the receipt shows what is left
        with without_check_access():
            cls.consume_salon_packages(sales)

    @classmethod
    @ModelView.button
    @Workflow.transition('posted')
    def post(cls, sales):
        Reward = Pool().get('salon.membership.reward')
        lock_ledgers(cls._salon_post_ledgers(sales))
        cls._salon_create_package_cards(sales)
        # the move reads the package cards just created
        sales = cls.browse(sales)
        top_ups = cls._top_up_lines(sales)
        cls._check_top_ups(sales)
        super().post(sales)
        cls.salon_earn_points(sales)
        Reward.give_referral(sales)
        cls._salon_credit_top_ups(top_ups)
        cls._salon_post_card_spends(sales)

    @classmethod
    @ModelView.button
    @Workflow.transition('open')
    def open(cls, sales):
        cls._salon_give_back_sessions(sales)
        super().open(sales)
        cls._salon_restore_prices(sales)


class POSSaleLine(
        CouponSaleLineMixin, PackageSaleLineMixin, CardSaleLineMixin,
        PointsSaleLineMixin, metaclass=PoolMeta):
    __name__ = 'sale.point.sale.line'

    @fields.depends(
        methods=['_salon_apply_tier_discount', '_salon_clear_promotion'])
    def on_change_product(self):
        super().on_change_product()
        self._salon_apply_tier_discount()
        self._salon_clear_promotion()

    def get_account_move_lines(self):
        lines = super().get_account_move_lines()
        lines = self._salon_stored_value_move_lines(lines)
        return self._salon_recognise_sessions(lines)


class POSPayment(CardPaymentMixin, PointsPaymentMixin, metaclass=PoolMeta):
    __name__ = 'sale.point.payment'

    @classmethod
    def _salon_ledgers(cls, payments):
        "The ledgers that creating the payments changes"
        clients = cls._salon_redeeming_clients(payments)
        cards = cls._salon_spent_cards(payments)
        return _ledgers(('party.party', clients), ('salon.card', cards))

    @classmethod
    def check_modification(
            cls, mode, payments, values=None, external=False):
        super().check_modification(
            mode, payments, values=values, external=external)
        if mode == 'write':
            cls._salon_check_points_payments_write(payments, values)
            cls._salon_check_card_payments_write(payments, values)

    @classmethod
    def create(cls, vlist):
        # lock before the insert: the retry that takes the locks is short
        names = {'sale', 'method', 'salon_card'}
        lock_ledgers(cls._salon_ledgers([
                    cls(**{k: v for k, v in values.items() if k in names})
                    for values in vlist]))
        return super().create(vlist)

    @classmethod
    def on_modification(cls, mode, payments, field_names=None):
        super().on_modification(mode, payments, field_names=field_names)
        cls._salon_points_payments(mode, payments)
        if mode == 'create':
            cls._spend_cards(payments)
