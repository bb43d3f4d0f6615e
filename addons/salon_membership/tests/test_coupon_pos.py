# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime as dt
import os
import unittest
from decimal import Decimal

from trytond.modules.company.tests import create_company, set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction
from trytond.transaction import Transaction

from ..exceptions import CouponError
from .card_setup import create_client, setup_card_company
from .module_case import FreshModuleMixin


class SalonCouponPOSTestCase(FreshModuleMixin, unittest.TestCase):
    "Test the campaign coupons of sale_promotion_coupon at the POS"

    def _load_zh_CN(self):
        "Load the zh_CN messages of the addon to check they are translated"
        pool = Pool()
        Lang = pool.get('ir.lang')
        Translation = pool.get('ir.translation')
        lang, = Lang.search([('code', '=', 'zh_CN')])
        lang.translatable = True
        lang.save()
        Translation.translation_import('zh_CN', 'salon_membership',
            os.path.join(os.path.dirname(__file__), '..', 'locale',
                'zh_CN.po'))

    def _setup(self, company):
        "Return the setup of a campaign 20% off colour, 1 use per client"
        pool = Pool()
        self._load_zh_CN()
        Account = pool.get('account.account')
        Category = pool.get('product.category')
        Promotion = pool.get('sale.promotion')
        Tax = pool.get('account.tax')
        Template = pool.get('product.template')
        Uom = pool.get('product.uom')

        setup = setup_card_company(company)
        tax_account, = Account.search([
                ('company', '=', company.id), ('code', '=', '6.3.6')])
        # The service VAT of 6%, prices at the POS include it
        tax, = Tax.create([{
                    'name': "VAT 6%", 'description': "VAT 6%",
                    'type': 'percentage', 'rate': Decimal('0.06'),
                    'invoice_account': tax_account.id,
                    'credit_note_account': tax_account.id,
                    }])
        category, = Category.create([{
                    'name': "Taxed Services", 'accounting': True,
                    'account_revenue': setup['accounts']['revenue'].id,
                    'customer_taxes': [('add', [tax.id])],
                    }])
        unit, = Uom.search([('name', '=', 'Unit')])
        colour, cut = Template.create([{
                    'name': name, 'type': 'service', 'salable': True,
                    'default_uom': unit.id, 'sale_uom': unit.id,
                    'account_category': category.id,
                    'list_price': price, 'gross_price': gross,
                    'products': [('create', [{}])],
                    } for name, price, gross in [
                    ("Colour", Decimal('283.0189'), Decimal(300)),
                    ("Cut", Decimal('94.3396'), Decimal(100))]])
        setup['colour'] = colour.products[0]
        setup['cut'] = cut.products[0]
        setup['tax'] = tax
        setup['revenue'] = setup['accounts']['revenue']
        setup['tax_account'] = tax_account

        today = setup['today']
        promotion, = Promotion.create([{
                    'name': "20% off colour",
                    'company': company.id,
                    'start_date': today - dt.timedelta(days=10),
                    'end_date': today + dt.timedelta(days=10),
                    'formula': 'unit_price * 0.8',
                    'products': [('add', [setup['colour'].id])],
                    'coupons': [('create', [{
                                    'number_of_use': 1,
                                    'per_party': True,
                                    'numbers': [('create', [{
                                                    'number': 'COLOUR20',
                                                    }])],
                                    }])],
                    }])
        setup['promotion'] = promotion
        setup['alice'] = create_client(company, "Alice")
        setup['bella'] = create_client(company, "Bella")
        return setup

    def _sale(self, setup, client, products, coupon='COLOUR20', date=None):
        "Return an open POS sale of the products with the coupon typed"
        pool = Pool()
        Sale = pool.get('sale.point.sale')
        Line = pool.get('sale.point.sale.line')
        sale = Sale(point=setup['pos'], salon_client=client,
            salon_coupon_number=coupon, date=date or setup['today'])
        sale.save()
        lines = []
        for product in products:
            line = Line(sale=sale, product=product, quantity=1,
                company=sale.company, currency=sale.company.currency)
            line.on_change_product()
            lines.append(line)
        Line.save(lines)
        return Sale(sale.id)

    def _pay_and_post(self, setup, sale):
        pool = Pool()
        Sale = pool.get('sale.point.sale')
        Payment = pool.get('sale.point.payment')
        sale = Sale(sale.id)
        Payment.create([{
                    'sale': sale.id, 'method': setup['cash'].id,
                    'amount': sale.amount_to_pay}])
        Sale.process([sale])
        Sale.post([sale])
        return Sale(sale.id)

    def _error(self, function, *args):
        "Return the message of the CouponError raised in en and zh_CN"
        messages = []
        for language in ['en', 'zh_CN']:
            with Transaction().set_context(language=language), \
                    self.assertRaises(CouponError) as cm:
                function(*args)
            messages.append(cm.exception.message)
        return messages

    @with_transaction()
    def test_coupon_per_client(self):
        "20% off colour: 300 -> 240 tax included, once per client"
        pool = Pool()
        Sale = pool.get('sale.point.sale')
        MoveLine = pool.get('account.move.line')
        company = create_company()
        with set_company(company):
            setup = self._setup(company)
            sale = self._sale(
                setup, setup['alice'], [setup['colour'], setup['cut']])
            colour, cut = sale.lines
            self.assertEqual(colour.unit_gross_price, Decimal(300))
            self.assertEqual(sale.total, Decimal(400))

            Sale.salon_apply_promotions([sale])
            sale = Sale(sale.id)
            colour, cut = sale.lines
            self.assertEqual(
                [n.number for n in sale.salon_coupons], ['COLOUR20'])
            self.assertIsNone(sale.salon_coupon_number)
            self.assertEqual(sale.salon_promotions, (setup['promotion'],))
            # 300 x 0.8 = 240 tax included; 240 / 1.06 = 226.4151
            self.assertEqual(colour.unit_gross_price, Decimal(240))
            self.assertEqual(colour.unit_list_price, Decimal('226.4151'))
            self.assertEqual(colour.unit_price, Decimal(240))
            self.assertEqual(colour.salon_promotion, setup['promotion'])
            self.assertEqual(
                colour.salon_original_gross_price, Decimal(300))
            self.assertEqual(
                colour.salon_original_list_price, Decimal('283.0189'))
            # The cut is not in the promotion's products
            self.assertEqual(cut.unit_gross_price, Decimal(100))
            self.assertEqual(cut.unit_list_price, Decimal('94.3396'))
            self.assertIsNone(cut.salon_promotion)
            # 240 + 100; tax 13.58 (226.42) + 5.66 (94.34)
            self.assertEqual(sale.total, Decimal(340))
            self.assertEqual(sale.total_tax, Decimal('19.24'))

            # Applying again changes nothing
            Sale.salon_apply_promotions([sale])
            self.assertEqual(Sale(sale.id).total, Decimal(340))

            sale = self._pay_and_post(setup, sale)
            self.assertEqual(sale.state, 'posted')
            lines = MoveLine.search([('move', '=', sale.move.id)])
            revenue = sum(l.credit - l.debit for l in lines
                if l.account == setup['revenue'])
            tax = sum(l.credit - l.debit for l in lines
                if l.account == setup['tax_account'])
            cash = sum(l.debit - l.credit for l in lines
                if l.account == setup['accounts']['cash'])
            self.assertEqual(revenue, Decimal('320.76'))
            self.assertEqual(tax, Decimal('19.24'))
            self.assertEqual(cash, Decimal(340))

            # Alice has used her coupon: refused, translated
            again = self._sale(setup, setup['alice'], [setup['colour']])
            en, zh = self._error(Sale.salon_apply_promotions, [again])
            self.assertEqual(en,
                'The client "Alice" has already used the coupon '
                '"COLOUR20" 1 time(s), its limit per client.')
            self.assertIn('Alice', zh)
            self.assertIn('COLOUR20', zh)
            self.assertNotEqual(zh, en)
            again = Sale(again.id)
            self.assertEqual(again.lines[0].unit_gross_price, Decimal(300))
            # The host's search of active numbers counts the POS sale too
            Number = pool.get('sale.promotion.coupon.number')
            with Transaction().set_context(party=setup['alice'].id):
                self.assertEqual(Number.search([]), [])
            with Transaction().set_context(party=setup['bella'].id):
                self.assertEqual(len(Number.search([])), 1)

            # Bella can use it
            other = self._sale(setup, setup['bella'], [setup['colour']])
            Sale.salon_apply_promotions([other])
            other = self._pay_and_post(setup, other)
            self.assertEqual(other.total, Decimal(240))
            self.assertEqual(other.state, 'posted')

    @with_transaction()
    def test_coupon_process_and_reopen(self):
        "Processing applies the coupon, reopening restores the price"
        pool = Pool()
        Sale = pool.get('sale.point.sale')
        company = create_company()
        with set_company(company):
            setup = self._setup(company)
            sale = self._sale(setup, setup['alice'], [setup['colour']])
            Sale._salon_add_coupon_numbers([sale])
            sale = Sale(sale.id)
            self.assertEqual(sale.total, Decimal(300))
            # Not paid: the discount is applied, the sale stays open
            Sale.process([sale])
            sale = Sale(sale.id)
            self.assertEqual(sale.state, 'open')
            self.assertEqual(sale.total, Decimal(240))

            Payment = pool.get('sale.point.payment')
            Payment.create([{
                        'sale': sale.id, 'method': setup['cash'].id,
                        'amount': Decimal(240)}])
            Sale.process([sale])
            sale = Sale(sale.id)
            self.assertEqual(sale.state, 'done')
            # A copy has neither the coupon nor the discount
            copy, = Sale.copy([sale])
            self.assertEqual(copy.salon_coupons, ())
            self.assertEqual(copy.lines[0].unit_gross_price, Decimal(300))
            self.assertEqual(
                copy.lines[0].unit_list_price, Decimal('283.0189'))
            self.assertIsNone(copy.lines[0].salon_promotion)
            Sale.open([sale])
            sale = Sale(sale.id)
            self.assertEqual(sale.state, 'open')
            self.assertEqual(sale.lines[0].unit_gross_price, Decimal(300))
            self.assertIsNone(sale.lines[0].salon_promotion)

    @with_transaction()
    def test_coupon_refused(self):
        "Expired promotion, unknown number and missing client are refused"
        pool = Pool()
        Sale = pool.get('sale.point.sale')
        company = create_company()
        with set_company(company):
            setup = self._setup(company)
            sale = self._sale(
                setup, setup['alice'], [setup['colour']], coupon='NOPE')
            en, zh = self._error(Sale.salon_apply_promotions, [sale])
            self.assertIn('"NOPE"', en)
            self.assertNotEqual(zh, en)

            sale = self._sale(setup, None, [setup['colour']])
            en, _ = self._error(Sale.salon_apply_promotions, [sale])
            self.assertIn('limited per client', en)

            # The promotion ends 10 days from today
            sale = self._sale(setup, setup['alice'], [setup['colour']],
                date=setup['today'] + dt.timedelta(days=11))
            en, zh = self._error(Sale.salon_apply_promotions, [sale])
            self.assertIn('is not valid on', en)
            self.assertIn('COLOUR20', zh)
            self.assertNotEqual(zh, en)
            self.assertEqual(
                Sale(sale.id).lines[0].unit_gross_price, Decimal(300))
