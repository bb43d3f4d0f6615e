# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.salon_crm.tests.database import AddonCacheMixin
from trytond.modules.salon_crm.tests.views import SaoViewsTestMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction


class SalonStockExtTestCase(
        AddonCacheMixin, SaoViewsTestMixin, CompanyTestMixin,
        ModuleTestCase):
    "Test salon_stock_ext module"
    module = 'salon_stock_ext'

    def _products(self):
        pool = Pool()
        Template = pool.get('product.template')
        Uom = pool.get('product.uom')
        unit, = Uom.search([('name', '=', 'Unit')])
        liter, = Uom.search([('name', '=', 'Liter')])
        milliliter, = Uom.search([('name', '=', 'Cubic centimeter')])
        gram, = Uom.search([('name', '=', 'Gram')])
        service, shampoo = Template.create([{
                    'name': "Cut", 'type': 'service',
                    'default_uom': unit.id,
                    'products': [('create', [{}])],
                    }, {
                    'name': "Shampoo", 'type': 'goods',
                    'default_uom': liter.id,
                    'products': [('create', [{}])],
                    }])
        return service, shampoo, {
            'ml': milliliter, 'g': gram, 'unit': unit}

    @with_transaction()
    def test_consumable_valid(self):
        "A recipe in another unit of the product's category is accepted"
        Consumable = Pool().get('salon.service.consumable')
        company = create_company()
        with set_company(company):
            service, shampoo, units = self._products()
            consumable, = Consumable.create([{
                        'service': service.id,
                        'product': shampoo.products[0].id,
                        'quantity': 30, 'unit': units['ml'].id}])
            self.assertEqual(service.salon_consumables, (consumable,))

    @with_transaction()
    def test_consumable_bad_input(self):
        "Negative quantity, foreign unit, goods as service are refused"
        Consumable = Pool().get('salon.service.consumable')
        company = create_company()
        with set_company(company):
            service, shampoo, units = self._products()
            shampoo_product = shampoo.products[0]
            for values, message in [
                    ({'quantity': -1}, "must be greater than zero"),
                    ({'unit': units['g'].id}, "does not measure"),
                    ({'service': shampoo.id}, "Only services"),
                    ]:
                with self.subTest(values=values):
                    record = {
                        'service': service.id,
                        'product': shampoo_product.id,
                        'quantity': 30, 'unit': units['ml'].id}
                    record.update(values)
                    with self.assertRaises(ValidationError) as cm:
                        Consumable.create([record])
                    self.assertIn(message, cm.exception.message)


del ModuleTestCase
