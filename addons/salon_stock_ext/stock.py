# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from collections import defaultdict

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.company.model import CompanyValueMixin
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction

from .exceptions import ReplenishError


def backbar_location_id():
    "Return the id of the back-bar consumption location"
    ModelData = Pool().get('ir.model.data')
    return ModelData.get_id('salon_stock_ext', 'location_backbar')


class Configuration(metaclass=PoolMeta):
    __name__ = 'stock.configuration'

    salon_hq_warehouse = fields.MultiValue(fields.Many2One(
            'stock.location', "HQ Warehouse",
            domain=[('type', '=', 'warehouse')],
            help="The warehouse that replenishes the stores."))

    @classmethod
    def multivalue_model(cls, field):
        pool = Pool()
        if field == 'salon_hq_warehouse':
            return pool.get('stock.configuration.salon_hq_warehouse')
        return super().multivalue_model(field)


class ConfigurationHQWarehouse(ModelSQL, CompanyValueMixin):
    __name__ = 'stock.configuration.salon_hq_warehouse'

    salon_hq_warehouse = fields.Many2One(
        'stock.location', "HQ Warehouse", ondelete='RESTRICT',
        domain=[('type', '=', 'warehouse')])


class OrderPoint(metaclass=PoolMeta):
    __name__ = 'stock.order_point'

    @fields.depends(
        'type', 'location', 'company', 'provisioning_location')
    def on_change_location(self):
        # A store's storage is replenished from HQ unless told otherwise
        pool = Pool()
        Config = pool.get('stock.configuration')
        Store = pool.get('salon.store')
        location = self.location
        if (self.type != 'internal' or not location or not self.company
                or self.provisioning_location or not location.warehouse):
            return
        if not Store.search([
                    ('warehouse', '=', location.warehouse.id),
                    ], limit=1):
            return
        hq = Config(1).get_multivalue(
            'salon_hq_warehouse', company=self.company.id)
        if hq and hq != location.warehouse:
            self.provisioning_location = hq.storage_location


class Move(metaclass=PoolMeta):
    __name__ = 'stock.move'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['salon.appointment.line']

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        Uom = pool.get('product.uom')
        values = super().preprocess_values(mode, values)
        if (mode == 'create'
                and Transaction().context.get('_salon_round_quantity')
                and values.get('unit') and values.get('quantity')):
            values['quantity'] = Uom(values['unit']).round(
                values['quantity'])
        return values

    @fields.depends('from_location', 'to_location')
    def on_change_with_unit_price_required(self, name=None):
        # Back-bar consumption is valued at cost in the company currency
        required = super().on_change_with_unit_price_required(name=name)
        backbar_id = backbar_location_id()
        if backbar_id in {
                getattr(self.from_location, 'id', None),
                getattr(self.to_location, 'id', None)}:
            return True
        return required


class ShipmentInternal(metaclass=PoolMeta):
    __name__ = 'stock.shipment.internal'

    @classmethod
    def generate_internal_shipment(cls, clean=True, warehouses=None):
        # stock_supply computes the quantities in floats (3 - 0.97 is
        # 2.0300000000000002), which the digits of the unit refuse
        with Transaction().set_context(_salon_round_quantity=True):
            return super().generate_internal_shipment(
                clean=clean, warehouses=warehouses)


class Alert(ModelSQL, ModelView):
    "A product under the minimum of its order point in a store"
    __name__ = 'salon.stock.alert'

    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True)
    store = fields.Many2One(
        'salon.store', "Store", required=True, readonly=True,
        ondelete='CASCADE')
    order_point = fields.Many2One(
        'stock.order_point', "Order Point", required=True, readonly=True,
        ondelete='CASCADE')
    product = fields.Many2One(
        'product.product', "Product", required=True, readonly=True,
        ondelete='CASCADE',
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    location = fields.Many2One(
        'stock.location', "Location", required=True, readonly=True,
        ondelete='CASCADE')
    unit = fields.Many2One('product.uom', "Unit", readonly=True)
    forecast_quantity = fields.Float(
        "Forecast Quantity", digits='unit', readonly=True)
    min_quantity = fields.Float("Minimum", digits='unit', readonly=True)
    target_quantity = fields.Float("Target", digits='unit', readonly=True)
    missing_quantity = fields.Float(
        "To Replenish", digits='unit', readonly=True,
        help="The quantity that brings the forecast up to the target.")
    date = fields.Date("Date", required=True, readonly=True)
    shipment = fields.Many2One(
        'stock.shipment.internal', "Replenishment", readonly=True,
        ondelete='SET NULL')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('store')
        cls._order = [
            ('store', 'ASC'), ('product', 'ASC'), ('id', 'ASC')]
        cls._buttons.update({
                'replenish': {
                    'invisible': Bool(Eval('shipment')),
                    'icon': 'tryton-forward',
                    'depends': ['shipment'],
                    },
                })

    def get_rec_name(self, name):
        return '%s @ %s' % (self.product.rec_name, self.store.rec_name)

    @classmethod
    def _store_order_points(cls, stores):
        "Yield (store, order point, location) of the stores"
        OrderPoint = Pool().get('stock.order_point')
        by_location = {}
        for store in stores:
            if store.warehouse:
                by_location[store.warehouse.id] = store
                by_location[store.storage_location.id] = store
        if not by_location:
            return
        for op in OrderPoint.search([
                    ('location', 'in', list(by_location)),
                    ('min_quantity', '!=', None),
                    ], order=[('id', 'ASC')]):
            store = by_location[op.location.id]
            if op.company != store.company:
                continue
            yield store, op

    @classmethod
    def compute(cls, stores=None):
        """Return the unsaved alerts of the products under their minimum
        forecast quantity in the stores"""
        pool = Pool()
        Store = pool.get('salon.store')
        Product = pool.get('product.product')
        Date = pool.get('ir.date')
        if stores is None:
            stores = Store.search([('warehouse', '!=', None)])
        points = list(cls._store_order_points(stores))
        if not points:
            return []
        location_ids = sorted({op.location.id for _, op in points})
        product_ids = sorted({op.product.id for _, op in points})
        today = Date.today()
        with Transaction().set_context(
                forecast=True, stock_date_end=today):
            pbl = Product.products_by_location(
                location_ids, with_childs=True,
                grouping_filter=(product_ids,))
        alerts = []
        for store, op in points:
            quantity = pbl.get((op.location.id, op.product.id), 0)
            if quantity >= op.min_quantity:
                continue
            unit = op.product.default_uom
            alerts.append(cls(
                    company=store.company, store=store, order_point=op,
                    product=op.product, location=op.location, unit=unit,
                    forecast_quantity=quantity,
                    min_quantity=op.min_quantity,
                    target_quantity=op.target_quantity,
                    missing_quantity=unit.round(
                        op.target_quantity - quantity),
                    date=today))
        return alerts

    @classmethod
    def refresh(cls, stores=None):
        """Replace the open alerts of the stores by the current shortages,
        return the new alerts"""
        pool = Pool()
        Store = pool.get('salon.store')
        if stores is None:
            stores = Store.search([('warehouse', '!=', None)])
        store_ids = [s.id for s in stores]
        cls.delete(cls.search([
                    ('store', 'in', store_ids),
                    ('shipment', '=', None),
                    ]))
        # A shortage already being replenished is not raised again
        pending = {(a.store.id, a.product.id) for a in cls.search([
                    ('store', 'in', store_ids),
                    ('shipment.state', 'in', ['request', 'draft', 'waiting',
                            'assigned', 'shipped']),
                    ])}
        alerts = [a for a in cls.compute(stores)
            if (a.store.id, a.product.id) not in pending]
        cls.save(alerts)
        return alerts

    @classmethod
    def notify_managers(cls, alerts):
        """Tell each store manager of the store's alerts: a notification
        to the manager's users in the client and a message through the
        outbox to the manager's e-mail or mobile"""
        pool = Pool()
        User = pool.get('res.user')
        Notification = pool.get('res.notification')
        Outbox = pool.get('salon.outbox')
        by_store = defaultdict(list)
        for alert in alerts:
            by_store[alert.store].append(alert)
        managers = {s.manager for s in by_store if s.manager}
        users = defaultdict(list)
        for user in User.search([
                    ('employees', 'in', [m.id for m in managers]),
                    ]):
            for employee in user.employees:
                users[employee].append(user)
        notifications, messages = [], []
        for store, store_alerts in by_store.items():
            manager = store.manager
            if not manager:
                continue
            records = str([a.id for a in store_alerts])
            for user in users[manager]:
                language = user.language.code if user.language else None
                label, lines = cls._alert_text(store, store_alerts, language)
                notifications.append(Notification(
                        user=user, label=label,
                        description='; '.join(lines),
                        icon='tryton-warning',
                        model=cls.__name__, records=records))
            channel, recipient = Outbox.contact(manager.party)
            if channel:
                language = (manager.party.lang.code
                    if manager.party.lang else Transaction().language)
                label, lines = cls._alert_text(store, store_alerts, language)
                messages.append(Outbox(
                        channel=channel, recipient=recipient,
                        party=manager.party, subject=label,
                        body='\n'.join(lines), language=language,
                        kind='low_stock'))
        Notification.save(notifications)
        Outbox.save(messages)
        return notifications + messages

    @classmethod
    def _alert_text(cls, store, alerts, language):
        "Return the label and the lines telling the alerts of the store"
        with Transaction().set_context(language=language):
            label = gettext(
                'salon_stock_ext.msg_low_stock_label',
                store=store.rec_name, count=len(alerts))
            lines = [gettext(
                    'salon_stock_ext.msg_low_stock_line',
                    product=a.product.rec_name,
                    quantity=a.unit.round(a.forecast_quantity),
                    minimum=a.min_quantity,
                    unit=a.unit.symbol)
                for a in alerts]
        return label, lines

    @classmethod
    def check_low_stock(cls):
        "Daily: refresh the alerts and notify the store managers"
        alerts = cls.refresh()
        cls.notify_managers(alerts)
        return alerts

    @classmethod
    @ModelView.button
    def replenish(cls, alerts):
        """Replenish the stores of the alerts through stock_supply: its
        internal shipments from the order points' provisioning locations,
        HQ's click accepting the requests as drafts"""
        pool = Pool()
        Shipment = pool.get('stock.shipment.internal')
        alerts = [a for a in alerts if not a.shipment]
        for alert in alerts:
            point = alert.order_point
            if point.type != 'internal' or not point.provisioning_location:
                raise ReplenishError(gettext(
                        'salon_stock_ext.msg_replenish_not_internal',
                        product=alert.product.rec_name,
                        store=alert.store.rec_name,
                        order_point=point.rec_name))
        warehouses = defaultdict(set)
        for alert in alerts:
            warehouses[alert.company].add(alert.store.warehouse.id)
        wanted = {(a.location.id, a.product.id) for a in alerts}
        shipments = []
        for company, warehouse_ids in warehouses.items():
            with Transaction().set_context(company=company.id):
                shipments.extend(
                    s for s in Shipment.generate_internal_shipment(
                        warehouses=sorted(warehouse_ids))
                    if any((s.to_location.id, m.product.id) in wanted
                        for m in s.moves))
        # Every open alert the shipments answer is being replenished
        supplied = {(s.to_location.id, m.product.id): s
            for s in shipments for m in s.moves}
        Shipment.draft(shipments)
        replenished = []
        for alert in cls.search([
                    ('shipment', '=', None),
                    ('location', 'in', list({l for l, _ in supplied})),
                    ]):
            shipment = supplied.get((alert.location.id, alert.product.id))
            if shipment:
                alert.shipment = shipment
                replenished.append(alert)
        cls.save(replenished)
        return [s.id for s in shipments]


class Outbox(metaclass=PoolMeta):
    __name__ = 'salon.outbox'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.kind.selection.append(('low_stock', "Low-Stock Alert"))


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(
            ('salon.stock.alert|check_low_stock', "Check Store Low Stock"))
