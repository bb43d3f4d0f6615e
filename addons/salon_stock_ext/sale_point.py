# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta

from .exceptions import SalePointValidationError


class SalePoint(metaclass=PoolMeta):
    __name__ = 'sale.point'

    @fields.depends(
        'salon_store', '_parent_salon_store.warehouse', 'storage_location')
    def on_change_salon_store(self):
        if self.salon_store and self.salon_store.storage_location:
            self.storage_location = self.salon_store.storage_location

    @classmethod
    def preprocess_values(cls, mode, values):
        # Retail goods leave the store's warehouse by default
        pool = Pool()
        Store = pool.get('salon.store')
        values = super().preprocess_values(mode, values)
        if (mode == 'create' and values.get('salon_store')
                and not values.get('storage_location')):
            storage = Store(values['salon_store']).storage_location
            if storage:
                values['storage_location'] = storage.id
        return values

    @classmethod
    def validate_fields(cls, points, field_names):
        super().validate_fields(points, field_names)
        cls.check_store_storage(points, field_names)

    @classmethod
    def check_store_storage(cls, points, field_names=None):
        pool = Pool()
        Location = pool.get('stock.location')
        if field_names and not (
                field_names & {'salon_store', 'storage_location'}):
            return
        for point in points:
            store = point.salon_store
            if not store or not store.warehouse:
                continue
            if not Location.search([
                        ('id', '=', point.storage_location.id),
                        ('parent', 'child_of', [store.warehouse.id]),
                        ], limit=1):
                raise SalePointValidationError(gettext(
                        'salon_stock_ext.msg_pos_storage_store',
                        point=point.rec_name,
                        location=point.storage_location.rec_name,
                        store=store.rec_name,
                        warehouse=store.warehouse.rec_name))
