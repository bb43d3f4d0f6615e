# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The salon_stock_ext part of the demo (called by demo_data.py).

setup(ctx), before the visits are done: the supplier, the back-bar goods
(院装耗材), HQ's warehouse in the stock configuration, the retail goods
delivered before the first sale, and ctx.daily['salon_stock_ext'], the
stock work of each past day, which demo_data's booking hook runs day by
day before the visits of that day are done, with ir.date.today answering
that day:
- STOCK_WEEKS ago the back-bar stock goes live: the services get their
  recipe, the supplier delivers to HQ and the stores, the stores get
  order points; from then on each done visit takes its back-bar goods
  (salon_stock_ext), valued at cost;
- on the 1st of the month the supplier tops HQ up;
- on Mondays, HQ replenishes the stores' shortages: the low-stock check,
  the Replenish button (stock_supply's internal shipment generation from
  the order points' provisioning location, HQ's storage), the internal
  shipments sent and received.

generate(ctx), at the end: a stocktake per store today (two confirmed,
one left in draft) and today's low-stock check (the cron's method),
whose alerts are left for HQ to replenish.

Everything goes through the workflows of stock and salon_stock_ext."""
import datetime as dt
import math
from collections import defaultdict
from decimal import Decimal

from trytond.transaction import Transaction

SUPPLIER = "杭州美业供应链有限公司 Hangzhou Beauty Supply Co."
# name, code, unit (key of the units below), cost price per unit
BACKBAR = [
    ("洗发水 Shampoo 1000 ml", 'BB01', 'bottle', 58),
    ("护发素 Conditioner 1000 ml", 'BB02', 'bottle', 62),
    ("染膏 Hair Color 60 g", 'BB03', 'tube', 32),
    ("双氧奶 Developer 1000 ml", 'BB04', 'bottle', 40),
    ("烫发水 Perm Lotion 1000 ml", 'BB05', 'bottle', 120),
    ("院装发膜 Hair Mask 1000 ml", 'BB06', 'bottle', 150),
    ("头皮净化液 Scalp Cleanser 1000 ml", 'BB07', 'bottle', 180),
    ("洁面乳 Facial Cleanser 1000 ml", 'BB08', 'bottle', 160),
    ("面膜 Facial Mask", 'BB09', 'unit', 12),
    ("按摩精油 Massage Oil 1000 ml", 'BB10', 'bottle', 220),
    ("美甲耗材包 Nail Kit", 'BB11', 'unit', 8),
    ("嫁接睫毛 Lash Tray", 'BB12', 'unit', 30),
    ]
# What one service uses up: goods, quantity, unit
RECIPES = {
    "洗剪吹 Haircut": [("洗发水 Shampoo 1000 ml", 20, 'ml')],
    "洗吹造型 Wash & Blow-dry": [
        ("洗发水 Shampoo 1000 ml", 25, 'ml'),
        ("护发素 Conditioner 1000 ml", 15, 'ml')],
    "染发 Hair Colour": [
        ("染膏 Hair Color 60 g", 90, 'g'),
        ("双氧奶 Developer 1000 ml", 90, 'ml')],
    "烫发 Perm": [("烫发水 Perm Lotion 1000 ml", 120, 'ml')],
    "护发 Hair Treatment": [("院装发膜 Hair Mask 1000 ml", 40, 'ml')],
    "头皮护理 Scalp Care": [("头皮净化液 Scalp Cleanser 1000 ml", 30, 'ml')],
    "基础面部护理 Basic Facial": [
        ("洁面乳 Facial Cleanser 1000 ml", 5, 'ml'),
        ("面膜 Facial Mask", 1, 'unit')],
    "深层补水护理 Hydrating Facial": [
        ("洁面乳 Facial Cleanser 1000 ml", 5, 'ml'),
        ("面膜 Facial Mask", 2, 'unit')],
    "全身精油按摩 Aromatherapy Massage": [
        ("按摩精油 Massage Oil 1000 ml", 40, 'ml')],
    "肩颈按摩 Neck & Shoulder Massage": [
        ("按摩精油 Massage Oil 1000 ml", 15, 'ml')],
    "美甲 Manicure": [("美甲耗材包 Nail Kit", 1, 'unit')],
    "美睫 Eyelash Extension": [("嫁接睫毛 Lash Tray", 1, 'unit')],
    }
# About what demo_data's booking does per stylist or therapist and day (0
# to 3 visits, a day off a week, 85 % of them done): the order points are
# sized on it, the weekly replenishment absorbs the difference.
VISITS_PER_WORKER_DAY = 1.1
# The order points of a store in weeks of its use (a week of sales can
# be three times the average), HQ keeps the stores' targets and that many
# weeks of their use
MIN_WEEKS, TARGET_WEEKS, HQ_WEEKS = 3, 5, 5
# HQ's van replenishes the stores on Mondays (one round for all: the
# workflows cost per call more than per line)
ROUND_DAY = 0
LEAD_DAYS = 3  # the stores' retail goods arrive before the first sale
# The back-bar stock went live that many weeks ago (or at the start of a
# shorter demo): each done visit since takes its goods, through the
# addon, which costs about 10 ms a move on our machines
STOCK_WEEKS = 8
# The state each store's stocktake of today is left in
STOCKTAKES = {'XH': 'done', 'BJ': 'done', 'XS': 'draft'}


def _units(ctx):
    "Return the units by key: bottles of 1000 ml (litre), ml, g, tubes"
    pool = ctx.pool
    Uom = pool.get('product.uom')
    ModelData = pool.get('ir.model.data')

    def uom(fs_id):
        return Uom(ModelData.get_id('product', fs_id))
    liter, gram = uom('uom_liter'), uom('uom_gram')
    ml, tube = Uom.create([{
                'name': "毫升 Millilitre", 'symbol': 'ml',
                'category': liter.category.id,
                'factor': 0.001, 'rate': 1000, 'rounding': 1, 'digits': 0,
                }, {
                'name': "支(60 g) Tube 60 g", 'symbol': "支",
                'category': gram.category.id,
                'factor': 0.06, 'rate': round(1 / 0.06, 12),
                'rounding': 0.01, 'digits': 2,
                }])
    return {'bottle': liter, 'ml': ml, 'g': gram, 'tube': tube,
        'unit': uom('uom_unit')}


def _goods(ctx, units, supplier):
    "Create the back-bar goods, return their products by name"
    pool = ctx.pool
    Category = pool.get('product.category')
    Template = pool.get('product.template')
    accounts = ctx.ids['accounts']
    category, = Category.create([{
                'name': "院装耗材 Back-bar Consumables", 'accounting': True,
                'account_expense': accounts['5.1.1'],
                'account_revenue': accounts['4.1.1'],
                }])
    templates = Template.create([{
                'name': name, 'code': code, 'type': 'goods',
                'default_uom': units[unit].id,
                'purchasable': True, 'purchase_uom': units[unit].id,
                'account_category': category.id,
                'list_price': Decimal(0),
                'cost_price_method': 'fixed',
                'products': [('create', [{'cost_price': Decimal(cost)}])],
                'product_suppliers': [('create', [{
                                'party': supplier.id,
                                'company': ctx.ids['company'],
                                }])],
                } for name, code, unit, cost in BACKBAR])
    return {t.name: t.products[0] for t in templates}


def _recipes(ctx, goods, units):
    "Give the demo services their recipe, return the recipe lines"
    pool = ctx.pool
    Product = pool.get('product.product')
    Consumable = pool.get('salon.service.consumable')
    services = ctx.ids['services']
    values = []
    for service, recipe in RECIPES.items():
        template = Product(services[service]).template
        for sequence, (name, quantity, unit) in enumerate(recipe, 1):
            values.append({
                    'service': template.id, 'sequence': sequence,
                    'product': goods[name].id, 'quantity': quantity,
                    'unit': units[unit].id,
                    })
    return Consumable.create(values)


def _packs(quantity):
    "Whole bottles, tubes or pieces"
    return math.ceil(round(quantity, 6))


def _weekly_use(ctx, goods, units, retail):
    """Return the estimated use per week of each store and product, in the
    product's unit: the recipes of the services its staff give, the
    retail goods its POS sold"""
    pool = ctx.pool
    Uom = pool.get('product.uom')
    Move = pool.get('stock.move')
    Store = pool.get('salon.store')
    info = ctx.ids['service_info']
    by_role = defaultdict(list)
    for product, values in info.items():
        by_role[values['role']].append(product)
    per_service = defaultdict(list)
    for service, recipe in RECIPES.items():
        for name, quantity, unit in recipe:
            product = goods[name]
            per_service[ctx.ids['services'][service]].append((
                    product.id, Uom.compute_qty(units[unit], quantity,
                        product.default_uom, round=False)))
    weekly = defaultdict(float)
    stores = Store.browse(ctx.ids['stores'])
    for store in stores:
        staff = ctx.ids['staff'][store.id]
        for role, services in by_role.items():
            visits = (len(staff.get(role, [])) * VISITS_PER_WORKER_DAY * 7
                / len(services))
            for service in services:
                for product, quantity in per_service[service]:
                    weekly[store.id, product] += visits * quantity
    # The retail sales are already at the POS: their actual pace
    storages = {s.warehouse.storage_location.id: s.id for s in stores}
    weeks = max((ctx.today - ctx.start_date).days / 7, 1)
    for store in stores:
        for product in retail:
            weekly[store.id, product] = 0
    for move in Move.search([
                ('from_location', 'in', list(storages)),
                ('to_location.type', '=', 'customer'),
                ('product', 'in', retail),
                ('state', '=', 'done'),
                ]):
        weekly[storages[move.from_location.id], move.product.id] += (
            move.internal_quantity / weeks)
    return weekly


def _deliver(ctx, supplier, warehouses, quantities):
    """Receive from the supplier into each warehouse the quantities of
    products (by warehouse and product), at cost; return the shipments"""
    pool = ctx.pool
    Shipment = pool.get('stock.shipment.in')
    Product = pool.get('product.product')
    Location = pool.get('stock.location')
    Date = pool.get('ir.date')
    supplier_location = supplier.supplier_location
    today = Date.today()
    products = {p.id: p for p in Product.browse(
            {p for q in quantities.values() for p in q})}
    values = []
    for warehouse in Location.browse(warehouses):
        moves = []
        for product_id, quantity in sorted(
                quantities[warehouse.id].items()):
            if quantity <= 0:
                continue
            product = products[product_id]
            moves.append({
                    'product': product.id, 'quantity': quantity,
                    'unit': product.default_uom.id,
                    'from_location': supplier_location.id,
                    'to_location': warehouse.input_location.id,
                    'unit_price': product.cost_price,
                    'currency': ctx.ids['currency'],
                    'company': ctx.ids['company'],
                    'planned_date': today,
                    })
        if moves:
            values.append({
                    'company': ctx.ids['company'],
                    'supplier': supplier.id, 'warehouse': warehouse.id,
                    'warehouse_input': warehouse.input_location.id,
                    'warehouse_storage': warehouse.storage_location.id,
                    'reference': 'DO-%s-%s' % (
                        today.strftime('%Y%m%d'), warehouse.code),
                    'planned_date': today,
                    'incoming_moves': [('create', moves)],
                    })
    shipments = Shipment.create(values)
    Shipment.receive(shipments)
    Shipment.do(shipments)
    return shipments


def setup(ctx):
    """The supplier, the back-bar goods, HQ's warehouse, the retail goods
    on the shelves before the first sale; the rest is done on the day the
    back-bar stock goes live (daily)"""
    pool = ctx.pool
    Party = pool.get('party.party')
    Location = pool.get('stock.location')
    Store = pool.get('salon.store')
    Configuration = pool.get('stock.configuration')
    Move = pool.get('stock.move')

    supplier, = Party.create([{'name': SUPPLIER, 'salon_client': False}])
    units = _units(ctx)
    goods = _goods(ctx, units, supplier)

    # The warehouse the stores were copied from is HQ's
    hq, = Location.search([('code', '=', 'WH')], limit=1)
    Location.write([hq], {'name': "总部仓库 HQ Warehouse"})
    config = Configuration(1)
    config.salon_hq_warehouse = hq
    config.save()

    go_live = max(ctx.start_date,
        ctx.today - dt.timedelta(weeks=STOCK_WEEKS))
    retail = sorted(ctx.ids['goods'])
    weekly = _weekly_use(ctx, goods, units, retail)
    stores = Store.browse(ctx.ids['stores'])
    # The shelves hold at go-live what the order points will aim at: the
    # POS sales before it are already made
    sold = defaultdict(float)
    storages = {s.warehouse.storage_location.id: s.warehouse.id
        for s in stores}
    for move in Move.search([
                ('from_location', 'in', list(storages)),
                ('to_location.type', '=', 'customer'),
                ('product', 'in', retail),
                ('effective_date', '<', go_live),
                ('state', '=', 'done'),
                ]):
        sold[storages[move.from_location.id], move.product.id] += (
            move.internal_quantity)
    first = defaultdict(dict)
    for store in stores:
        for product in retail:
            first[store.warehouse.id][product] = _packs(
                sold[store.warehouse.id, product]
                + _levels(weekly[store.id, product])[1])
    with ctx.on_day(ctx.start_date - dt.timedelta(days=LEAD_DAYS)):
        _deliver(ctx, supplier, [s.warehouse.id for s in stores], first)

    ctx.ids['stock'] = {
        'supplier': supplier.id, 'hq': hq.id, 'go_live': go_live,
        'goods': {n: p.id for n, p in goods.items()},
        'units': {k: u.id for k, u in units.items()},
        'weekly': dict(weekly),
        }
    ctx.daily['salon_stock_ext'] = daily
    # The assignment of the replenishments locks the moves, which SQLite
    # can only do for the whole table and from the start
    locks = ctx.extras.setdefault('generate_booking', {}).setdefault(
        '_lock_tables', [])
    if 'stock_move' not in locks:
        locks.append('stock_move')
    return {'goods': len(goods), 'retail': len(retail), 'go_live': go_live}


def _levels(weekly):
    "Return the minimum and the target of an order point"
    minimum = max(_packs(weekly * MIN_WEEKS), 2)
    return minimum, max(_packs(weekly * TARGET_WEEKS), minimum + 2)


def _go_live(ctx):
    """The back-bar stock goes live: the services get their recipe, the
    stores their order points and the back-bar goods up to their target,
    HQ the goods up to the level it keeps from then on"""
    pool = ctx.pool
    Party = pool.get('party.party')
    Location = pool.get('stock.location')
    Store = pool.get('salon.store')
    Uom = pool.get('product.uom')
    Product = pool.get('product.product')
    OrderPoint = pool.get('stock.order_point')
    stock = ctx.ids['stock']
    goods = dict(zip(stock['goods'],
            Product.browse(list(stock['goods'].values()))))
    units = dict(zip(stock['units'],
            Uom.browse(list(stock['units'].values()))))
    _recipes(ctx, goods, units)

    hq = Location(stock['hq'])
    weekly = stock['weekly']
    backbar = sorted(p.id for p in goods.values())
    products = backbar + sorted(ctx.ids['goods'])
    stores = Store.browse(ctx.ids['stores'])
    points, first = [], defaultdict(dict)
    hq_level = defaultdict(float)
    for store in stores:
        for product in products:
            minimum, target = _levels(weekly[store.id, product])
            points.append({
                    'type': 'internal', 'product': product,
                    'location': store.warehouse.storage_location.id,
                    'provisioning_location': hq.storage_location.id,
                    'min_quantity': minimum, 'target_quantity': target,
                    'company': ctx.ids['company'],
                    })
            if product in backbar:
                first[store.warehouse.id][product] = target
            # HQ can fill a round where every store is out, and more
            hq_level[product] += (
                target + weekly[store.id, product] * HQ_WEEKS)
    OrderPoint.create(points)
    # stock_supply replenishes the stores' storage from HQ's
    Location.write([s.storage_location for s in stores], {
            'provisioning_location': hq.storage_location.id,
            })
    _deliver(ctx, Party(stock['supplier']),
        [s.warehouse.id for s in stores], first)
    stock['hq_level'] = {p: _packs(q) for p, q in hq_level.items()}
    _top_up_hq(ctx)


def daily(ctx, day):
    """The stock work of a past day: the back-bar stock going live, then
    the supplier's delivery to HQ on the 1st of the month and HQ's round
    of replenishment on Mondays"""
    pool = ctx.pool
    Store = pool.get('salon.store')
    go_live = ctx.ids['stock']['go_live']
    if day == go_live:
        _go_live(ctx)
    # today's check is left to generate
    if day <= go_live or day >= ctx.today:
        return
    if day.day == 1:
        _top_up_hq(ctx)
    if day.weekday() == ROUND_DAY:
        _replenish(ctx, Store.browse(ctx.ids['stores']))


def _top_up_hq(ctx):
    "The supplier brings HQ's stock back to its level"
    pool = ctx.pool
    Party = pool.get('party.party')
    Location = pool.get('stock.location')
    Product = pool.get('product.product')
    Date = pool.get('ir.date')
    stock = ctx.ids['stock']
    hq = Location(stock['hq'])
    levels = stock['hq_level']
    with Transaction().set_context(
            forecast=True, stock_date_end=Date.today()):
        quantities = Product.products_by_location(
            [hq.storage_location.id], with_childs=True,
            grouping_filter=(list(levels),))
    missing = {p: _packs(level - quantities.get(
                (hq.storage_location.id, p), 0))
        for p, level in levels.items()}
    _deliver(ctx, Party(stock['supplier']), [hq.id], {hq.id: missing})


def _replenish(ctx, stores):
    """The low-stock check of the stores, replenished from HQ: the
    Replenish button, the quantities rounded up to whole packs, the
    shipments assigned, shipped and received the same day; those HQ could
    not fill wait for the supplier's next delivery"""
    pool = ctx.pool
    Alert = pool.get('salon.stock.alert')
    Location = pool.get('stock.location')
    Shipment = pool.get('stock.shipment.internal')
    Move = pool.get('stock.move')
    hq = Location(ctx.ids['stock']['hq'])
    waiting = Shipment.search([
            ('from_location', '=', hq.storage_location.id),
            ('state', '=', 'waiting'),
            ])
    alerts = Alert.refresh(stores)
    if not alerts and not waiting:
        return
    shipments = Shipment.browse(Alert.replenish(alerts))
    moves = [m for s in shipments for m in s.moves]
    for move in moves:
        move.quantity = _packs(move.quantity)
    Move.save(moves)
    Shipment.wait(shipments)
    shipments = waiting + shipments
    Shipment.assign_try(shipments)
    assigned = [s for s in Shipment.browse(shipments)
        if s.state == 'assigned']
    transit = [s for s in assigned if s.transit_location]
    if transit:
        Shipment.pack(transit)
        Shipment.ship(transit)
    Shipment.do(assigned)


def _stocktakes(ctx):
    """A stocktake per store today: the open bottles counted to the tenth,
    and the packs missing of the product that was closest to its minimum
    (which the check then raises); XS has not confirmed its count yet"""
    pool = ctx.pool
    Inventory = pool.get('stock.inventory')
    Line = pool.get('stock.inventory.line')
    OrderPoint = pool.get('stock.order_point')
    Store = pool.get('salon.store')
    stores = Store.browse(ctx.ids['stores'])
    inventories = Inventory.create([{
                'salon_store': s.id, 'company': ctx.ids['company'],
                'date': ctx.today, 'empty_quantity': 'keep',
                } for s in stores])
    Inventory.complete_lines(inventories)
    minima = defaultdict(dict)
    for op in OrderPoint.search([
                ('location', 'in', [i.location.id for i in inventories]),
                ]):
        minima[op.location][op.product] = op.min_quantity
    lines = []
    for store, inventory in zip(stores, inventories):
        minimum = minima[inventory.location]
        counted = [l for l in inventory.lines if l.expected_quantity > 0]
        for line in counted:
            line.quantity = round(line.expected_quantity, 1)
        low = sorted((l for l in counted if l.product in minimum
                and l.quantity >= minimum[l.product]),
            key=lambda l: (l.quantity - minimum[l.product], l.product.id))
        if low:
            line = low[0]
            line.quantity = round(line.quantity - math.floor(
                    line.quantity - minimum[line.product]) - 1, 1)
        lines.extend(counted)
    Line.save(lines)
    Inventory.confirm([i for s, i in zip(stores, inventories)
            if STOCKTAKES[s.code] == 'done'])
    return inventories


def generate(ctx):
    "The stocktakes and the low-stock check of today"
    pool = ctx.pool
    Alert = pool.get('salon.stock.alert')
    Appointment = pool.get('salon.appointment')
    Consumable = pool.get('salon.service.consumable')
    Inventory = pool.get('stock.inventory')
    Move = pool.get('stock.move')
    OrderPoint = pool.get('stock.order_point')
    ShipmentIn = pool.get('stock.shipment.in')
    ShipmentInternal = pool.get('stock.shipment.internal')
    Store = pool.get('salon.store')
    ModelData = pool.get('ir.model.data')
    backbar = ModelData.get_id('salon_stock_ext', 'location_backbar')

    inventories = _stocktakes(ctx)
    alerts = Alert.check_low_stock()
    go_live = ctx.ids['stock']['go_live']
    tzinfo = Store(ctx.ids['stores'][0]).tzinfo
    since = dt.datetime.combine(go_live, dt.time(), tzinfo).astimezone(
        dt.timezone.utc).replace(tzinfo=None)
    return {
        'recipes': Consumable.search_count([]),
        'order_points': OrderPoint.search_count([]),
        'consumed': Move.search_count([
                ('to_location', '=', backbar),
                ('origin', 'like', 'salon.appointment.line,%'),
                ('state', '=', 'done'),
                ]),
        'go_live': go_live,
        'since': Appointment.search_count([
                ('state', '=', 'done'),
                ('start', '>=', since),
                ]),
        'done': Appointment.search_count([('state', '=', 'done')]),
        'deliveries': ShipmentIn.search_count([('state', '=', 'done')]),
        'replenishments': ShipmentInternal.search_count([
                ('state', '=', 'done')]),
        'stocktakes': len(inventories),
        'draft': Inventory.search_count([
                ('id', 'in', [i.id for i in inventories]),
                ('state', '=', 'draft'),
                ]),
        'alerts': len(alerts),
        }
