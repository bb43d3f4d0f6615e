# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval

from .exceptions import ConsumableValidationError


class Template(metaclass=PoolMeta):
    __name__ = 'product.template'

    salon_consumables = fields.One2Many(
        'salon.service.consumable', 'service', "Back-bar Consumables",
        states={
            'invisible': ~Eval('salon_service'),
            },
        help="The goods used up each time the service is performed.")


class Consumable(ModelSQL, ModelView):
    __name__ = 'salon.service.consumable'

    service = fields.Many2One(
        'product.template', "Service", required=True, ondelete='CASCADE',
        help="The service product (checked on save, with a clear message, "
        "rather than by a domain).")
    sequence = fields.Integer("Sequence")
    product = fields.Many2One(
        'product.product', "Product", required=True, ondelete='RESTRICT',
        domain=[('type', '=', 'goods')],
        help="The goods taken from the store's storage.")
    quantity = fields.Float(
        "Quantity", digits='unit', required=True,
        help="The quantity used up by one service.")
    unit = fields.Many2One(
        'product.uom', "Unit", required=True, ondelete='RESTRICT',
        help="A unit of the same category as the product's.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('service')
        cls._order.insert(0, ('sequence', 'ASC NULLS FIRST'))

    @fields.depends('product', 'unit')
    def on_change_product(self):
        if self.product:
            category = self.product.default_uom.category
            if not self.unit or self.unit.category != category:
                self.unit = self.product.default_uom

    def get_rec_name(self, name):
        return '%s: %s %s' % (
            self.service.rec_name, self.quantity, self.product.rec_name)

    @classmethod
    def validate_fields(cls, consumables, field_names):
        super().validate_fields(consumables, field_names)
        cls.check_quantity(consumables, field_names)
        cls.check_unit(consumables, field_names)
        cls.check_service(consumables, field_names)

    @classmethod
    def check_quantity(cls, consumables, field_names=None):
        if field_names and 'quantity' not in field_names:
            return
        for consumable in consumables:
            if consumable.quantity <= 0:
                raise ConsumableValidationError(gettext(
                        'salon_stock_ext.msg_consumable_quantity_positive',
                        product=consumable.product.rec_name,
                        service=consumable.service.rec_name,
                        quantity=consumable.quantity))

    @classmethod
    def check_unit(cls, consumables, field_names=None):
        if field_names and not (field_names & {'product', 'unit'}):
            return
        for consumable in consumables:
            product = consumable.product
            if consumable.unit.category != product.default_uom.category:
                raise ConsumableValidationError(gettext(
                        'salon_stock_ext.msg_consumable_unit_category',
                        unit=consumable.unit.rec_name,
                        product=product.rec_name,
                        category=product.default_uom.category.rec_name))

    @classmethod
    def check_service(cls, consumables, field_names=None):
        if field_names and not (field_names & {'service', 'product'}):
            return
        for consumable in consumables:
            service = consumable.service
            if service.type != 'service':
                raise ConsumableValidationError(gettext(
                        'salon_stock_ext.msg_consumable_not_service',
                        service=service.rec_name))
