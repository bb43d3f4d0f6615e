# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from sql import Null
from sql.aggregate import Max
from sql.conditionals import Coalesce
from sql.functions import Round

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.modules.product import price_digits
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval


class Inventory(metaclass=PoolMeta):
    __name__ = 'stock.inventory'

    salon_store = fields.Many2One(
        'salon.store', "Store", ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))],
        states={
            'readonly': Eval('state') != 'draft',
            },
        help="The store whose stock is counted.")

    @fields.depends('salon_store')
    def on_change_salon_store(self):
        if self.salon_store and self.salon_store.storage_location:
            self.location = self.salon_store.storage_location

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        Store = pool.get('salon.store')
        values = super().preprocess_values(mode, values)
        if (mode == 'create' and values.get('salon_store')
                and not values.get('location')):
            storage = Store(values['salon_store']).storage_location
            if storage:
                values['location'] = storage.id
        return values


class Variance(ModelSQL, ModelView):
    "Expected against counted quantity of a stocktake, valued at cost"
    __name__ = 'salon.stock.inventory.variance'

    inventory = fields.Many2One('stock.inventory', "Inventory")
    store = fields.Many2One('salon.store', "Store", required=True)
    company = fields.Many2One('company.company', "Company")
    date = fields.Date("Date")
    state = fields.Selection('get_states', "State")
    product = fields.Many2One(
        'product.product', "Product",
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    unit = fields.Many2One('product.uom', "Unit")
    expected_quantity = fields.Float(
        "Expected Quantity", digits='unit')
    quantity = fields.Float("Counted Quantity", digits='unit')
    variance = fields.Float("Variance", digits='unit')
    cost_price = Monetary(
        "Cost Price", currency='currency', digits=price_digits)
    expected_value = Monetary(
        "Expected Value", currency='currency', digits='currency')
    value = Monetary("Counted Value", currency='currency', digits='currency')
    variance_value = Monetary(
        "Variance Value", currency='currency', digits='currency')
    currency = fields.Many2One('currency.currency', "Currency")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('store')
        cls._order = [('date', 'DESC'), ('inventory', 'DESC'),
            ('product', 'ASC'), ('id', 'ASC')]

    @classmethod
    def get_states(cls):
        Inventory = Pool().get('stock.inventory')
        return Inventory.fields_get(['state'])['state']['selection']

    @classmethod
    def table_query(cls):
        pool = Pool()
        Inventory = pool.get('stock.inventory')
        Line = pool.get('stock.inventory.line')
        Company = pool.get('company.company')
        CostPrice = pool.get('product.cost_price')
        Product = pool.get('product.product')
        Template = pool.get('product.template')
        inventory = Inventory.__table__()
        line = Line.__table__()
        company = Company.__table__()
        cost = CostPrice.__table__()
        product = Product.__table__()
        template = Template.__table__()
        # One cost price per product and company (the multivalue row)
        costs = cost.select(
            cost.product, cost.company,
            Max(cost.cost_price).as_('cost_price'),
            group_by=[cost.product, cost.company])
        price = Coalesce(costs.cost_price, 0)
        expected = Coalesce(line.expected_quantity, 0)
        counted = Coalesce(line.quantity, expected)
        digits = 4

        def money(expression):
            return Round(cls.value.sql_cast(expression), digits)
        return (line
            .join(inventory, condition=line.inventory == inventory.id)
            .join(company, condition=inventory.company == company.id)
            .join(product, condition=line.product == product.id)
            .join(template, condition=product.template == template.id)
            .join(costs, 'LEFT', condition=(costs.product == line.product)
                & (costs.company == inventory.company))
            .select(
                line.id.as_('id'),
                line.inventory.as_('inventory'),
                inventory.salon_store.as_('store'),
                inventory.company.as_('company'),
                inventory.date.as_('date'),
                inventory.state.as_('state'),
                line.product.as_('product'),
                template.default_uom.as_('unit'),
                expected.as_('expected_quantity'),
                counted.as_('quantity'),
                (counted - expected).as_('variance'),
                price.as_('cost_price'),
                money(expected * price).as_('expected_value'),
                money(counted * price).as_('value'),
                money((counted - expected) * price).as_('variance_value'),
                company.currency.as_('currency'),
                where=inventory.salon_store != Null))
