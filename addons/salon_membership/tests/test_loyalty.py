# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime as dt
import unittest

from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import create_company, set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction

from .card_setup import add_points, create_client
from .module_case import FreshModuleMixin


class SalonLoyaltyTestCase(FreshModuleMixin, unittest.TestCase):
    "Test the points ledger, its expiry and the birthday perk"

    @with_transaction()
    def test_expiry_fifo(self):
        "Expiry takes the unused points with the earliest expiry first"
        pool = Pool()
        PointsLine = pool.get('salon.points.line')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            client = create_client(company)
            # 100 earned on 2023-01-10 (expire 2025-01-10), 50 on
            # 2023-06-01 (expire 2025-06-01), 30 redeemed in between
            old = add_points(client, company, dt.date(2023, 1, 10), 100)
            self.assertEqual(old.expiry_date, dt.date(2025, 1, 10))
            add_points(client, company, dt.date(2023, 6, 1), 50)
            add_points(client, company, dt.date(2023, 7, 1), -30, 'redeem')
            self.assertEqual(Party(client.id).salon_points, 120)

            # Nothing is due on the expiry date itself
            self.assertEqual(PointsLine.expire(dt.date(2025, 1, 10)), [])
            # The day after: 100 - 30 used = 70 expire
            lines = PointsLine.expire(dt.date(2025, 1, 11))
            self.assertEqual([l['points'] for l in lines], [-70])
            self.assertEqual(Party(client.id).salon_points, 50)
            # Run again: nothing more
            self.assertEqual(PointsLine.expire(dt.date(2025, 1, 12)), [])
            # The second batch expires whole
            lines = PointsLine.expire(dt.date(2025, 6, 2))
            self.assertEqual([l['points'] for l in lines], [-50])
            self.assertEqual(Party(client.id).salon_points, 0)

    @with_transaction()
    def test_adjustment(self):
        "Adjustments need a reason and never take the balance below zero"
        pool = Pool()
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            client = create_client(company)
            today = dt.date.today()
            add_points(client, company, today, 10, 'adjust')
            self.assertEqual(Party(client.id).salon_points, 10)
            with self.assertRaises(ValidationError):
                add_points(client, company, today, -11, 'adjust')

    @with_transaction()
    def test_adjustment_reason(self):
        "Adjustments need a reason"
        company = create_company()
        with set_company(company):
            client = create_client(company)
            with self.assertRaises(ValidationError):
                add_points(client, company, dt.date.today(), 5, 'adjust',
                    description=None)

    @with_transaction()
    def test_birthday_once(self):
        "The birthday perk is given once a year in the birthday month"
        pool = Pool()
        Configuration = pool.get('salon.membership.configuration')
        Reward = pool.get('salon.membership.reward')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            config = Configuration(1)
            config.birthday_points = 200
            config.save()
            born_may = create_client(
                company, "May", salon_birthday=dt.date(1990, 5, 20))
            born_june = create_client(
                company, "June", salon_birthday=dt.date(1991, 6, 2))
            no_birthday = create_client(company, "Unknown")

            rewards = Reward.give_birthday(dt.date(2025, 5, 1))
            self.assertEqual([r.client for r in rewards], [born_may])
            self.assertEqual(Party(born_may.id).salon_points, 200)
            # Later in May and again the next day: nothing more
            self.assertEqual(Reward.give_birthday(dt.date(2025, 5, 31)), [])
            rewards = Reward.give_birthday(dt.date(2025, 6, 15))
            self.assertEqual([r.client for r in rewards], [born_june])
            # The next year again
            rewards = Reward.give_birthday(dt.date(2026, 5, 3))
            self.assertEqual([r.client for r in rewards], [born_may])
            self.assertEqual(Party(born_may.id).salon_points, 400)
            self.assertEqual(Party(no_birthday.id).salon_points, 0)

    @with_transaction()
    def test_birthday_coupon(self):
        "The birthday perk may be a coupon number of a campaign"
        pool = Pool()
        Configuration = pool.get('salon.membership.configuration')
        Promotion = pool.get('sale.promotion')
        Coupon = pool.get('sale.promotion.coupon')
        Reward = pool.get('salon.membership.reward')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            promotion, = Promotion.create([{
                        'name': "Birthday 10%", 'company': company.id,
                        'formula': 'unit_price * 0.9'}])
            coupon, = Coupon.create([{
                        'promotion': promotion.id, 'company': company.id,
                        'number_of_use': 1}])
            config = Configuration(1)
            config.birthday_coupon = coupon
            config.save()
            client = create_client(
                company, "May", salon_birthday=dt.date(1990, 5, 20))

            reward, = Reward.give_birthday(dt.date(2025, 5, 1))
            self.assertEqual(reward.points, 0)
            self.assertEqual(reward.coupon_number.coupon, coupon)
            self.assertEqual(
                reward.coupon_number.start_date, dt.date(2025, 5, 1))
            self.assertEqual(len(reward.coupon_number.number), 10)
            self.assertEqual(Party(client.id).salon_points, 0)
            self.assertEqual(Reward.give_birthday(dt.date(2025, 5, 2)), [])
