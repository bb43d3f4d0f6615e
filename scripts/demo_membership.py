# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The salon_membership part of the demo (called by demo_data.py): the
accounts and payment methods of stored value, points and packages, two
tiers given by the 12-month spend, stored-value cards topped up and spent
at the POS, and treatment packages sold and partly used, all through the
POS workflow so that the ledgers and the books agree."""
import datetime as dt
from decimal import Decimal

TIERS = [
    ("银卡 Silver", 1500, '0.05'),
    ("金卡 Gold", 4000, '0.10'),
    ]
# pay 1,000 get 1,200; pay 3,000 get 3,800
BONUS_RULES = [(1000, 200), (3000, 800)]
TOP_UPS = [1000, 2000, 3000, 5000]
CARD_SHARE = 0.08  # of the clients hold a stored-value card
PACKAGE = ("基础面部护理10次卡 Basic Facial x10", 2380, 12,
    "基础面部护理 Basic Facial", 10)
PACKAGE_SHARE = 0.04  # of the clients bought the course


def _accounts(ctx):
    "Create the accounts the membership needs and configure them"
    pool = ctx.pool
    Account = pool.get('account.account')
    Journal = pool.get('account.journal')
    Configuration = pool.get('account.configuration')
    company = ctx.ids['company']

    def kind(code):
        account, = Account.search([
                ('company', '=', company), ('code', '=', code)], limit=1)
        return account.type.id
    liability, expense, revenue = kind('6.3.6'), kind('5.1.1'), kind('4.1.1')
    names = [
        ('card', "储值卡负债 Stored Value Liability", liability),
        ('bonus', "储值赠送费用 Stored Value Bonus", expense),
        ('adjustment', "储值调整 Stored Value Adjustment", expense),
        ('expiry', "储值卡过期收入 Stored Value Breakage", revenue),
        ('refund', "储值退款 Stored Value Refund", revenue),
        ('points', "积分抵扣 Points Redeemed", expense),
        ('deferred', "疗程卡递延收入 Deferred Revenue - Packages",
            liability),
        ('breakage', "疗程卡过期收入 Package Breakage", revenue),
        ]
    accounts = dict(zip([n[0] for n in names], Account.create([{
                        'name': name, 'company': company, 'type': type_,
                        } for _, name, type_ in names])))
    journal, = Journal.create([{
                'name': "储值卡 Stored Value", 'type': 'general'}])
    config = Configuration(1)
    for field, key in [
            ('salon_card_liability_account', 'card'),
            ('salon_card_bonus_account', 'bonus'),
            ('salon_card_adjustment_account', 'adjustment'),
            ('salon_card_expiry_account', 'expiry'),
            ('salon_card_refund_account', 'refund'),
            ('salon_package_deferred_account', 'deferred'),
            ('salon_package_breakage_account', 'breakage'),
            ]:
        setattr(config, field, accounts[key])
    config.salon_card_journal = journal
    config.salon_package_refund_account = ctx.ids['accounts']['1.1.1']
    config.save()
    return accounts


def _products(ctx):
    "Return the top-up product and the package product"
    pool = ctx.pool
    Template = pool.get('product.template')
    Product = pool.get('product.product')
    service = Product(ctx.ids['services'][PACKAGE[3]])
    category = service.template.account_category
    unit = service.template.default_uom
    top_up, package = Template.create([{
                'name': "储值卡充值 Stored-Value Top-up", 'type': 'service',
                'salable': True, 'salon_stored_value': True,
                'default_uom': unit.id, 'sale_uom': unit.id,
                'account_category': category.id,
                'list_price': Decimal(1), 'gross_price': Decimal(1),
                'products': [('create', [{}])],
                }, {
                'name': PACKAGE[0], 'type': 'service', 'salable': True,
                'salon_package': True, 'salon_package_validity': PACKAGE[2],
                'default_uom': unit.id, 'sale_uom': unit.id,
                'account_category': category.id,
                'list_price': Decimal(PACKAGE[1]),
                'gross_price': Decimal(PACKAGE[1]),
                'products': [('create', [{}])],
                'salon_package_services': [('create', [{
                                'service': service.id,
                                'sessions': PACKAGE[4]}])],
                }])
    return top_up.products[0], package.products[0], service


def _sell(ctx, specs):
    """Create, process and post the POS sales of specs, each (date, client,
    store, lines, payments); return them"""
    pool = ctx.pool
    Sale = pool.get('sale.point.sale')
    staff = ctx.ids['staff']
    sales = Sale.create([{
                'company': ctx.ids['company'],
                'point': ctx.ids['point'][store],
                'date': date,
                'employee': staff[store]['receptionist'][0],
                'salon_client': client,
                'lines': [('create', lines)],
                'payments': [('create', payments)] if payments else [],
                } for date, client, store, lines, payments in specs])
    Sale.process(sales)
    Sale.post(sales)
    return sales


def generate(ctx):
    "salon_membership: tiers, cards with top-ups and spends, packages"
    pool = ctx.pool
    rng = ctx.rng
    Card = pool.get('salon.card')
    Method = pool.get('sale.point.payment.method')
    Package = pool.get('salon.package.card')
    Party = pool.get('party.party')
    Rule = pool.get('salon.card.bonus.rule')
    Tier = pool.get('salon.membership.tier')
    company = ctx.ids['company']
    staff = ctx.ids['staff']
    cash = ctx.ids['methods']['cash']
    days = (ctx.today - ctx.start_date).days

    accounts = _accounts(ctx)
    card_method, _ = Method.create([{
                'company': company, 'name': "储值卡 Stored Value",
                'salon_card': True, 'account': accounts['card'].id,
                }, {
                'company': company, 'name': "积分 Points",
                'salon_points': True, 'salon_non_money': True,
                'account': accounts['points'].id,
                }])
    Rule.create([{'company': company, 'threshold': Decimal(t),
                'bonus': Decimal(b)} for t, b in BONUS_RULES])
    top_up, package, service = _products(ctx)
    price = ctx.ids['service_info'][service.id]['price']  # the sessions' service

    def employee(store, role):
        return rng.choice(staff[store].get(role)
            or staff[store]['receptionist'])

    # Stored-value cards: topped up in the first half of the period,
    # a few services paid with them since
    clients = ctx.ids['clients']
    holders = rng.sample(clients, max(1, int(len(clients) * CARD_SHARE)))
    cards = Card.create([{'client': c[0], 'company': company}
            for c in holders])
    top_ups, spends = [], []
    for card, (client, home, *_) in zip(cards, holders):
        amount = Decimal(rng.choice(TOP_UPS))
        date = ctx.start_date + dt.timedelta(days=rng.randrange(days // 2))
        top_ups.append((date, client, home, [{
                        'product': top_up.id, 'quantity': 1,
                        'unit_list_price': amount,
                        'unit_gross_price': amount, 'salon_card': card.id,
                        'salon_stylist': staff[home]['receptionist'][0],
                        }], [{'method': cash, 'amount': amount}]))
        if rng.random() < 0.6:
            spend = ctx.start_date + dt.timedelta(
                days=rng.randrange(days // 2, days))
            spends.append((spend, client, home, [{
                            'product': service.id, 'quantity': 1,
                            'unit_list_price': price,
                            'unit_gross_price': price,
                            'salon_stylist': employee(home, 'therapist'),
                            }], [{'method': card_method.id, 'amount': price,
                                'salon_card': card.id}]))
    _sell(ctx, top_ups)
    _sell(ctx, spends)

    # Treatment packages: bought in the first third, 1 to 4 sessions used
    buyers = rng.sample(clients, max(1, int(len(clients) * PACKAGE_SHARE)))
    amount = Decimal(PACKAGE[1])
    purchases = []
    for client, home, *_ in buyers:
        date = ctx.start_date + dt.timedelta(days=rng.randrange(days // 3))
        purchases.append((date, client, home, [{
                        'product': package.id, 'quantity': 1,
                        'unit_list_price': amount, 'unit_gross_price': amount,
                        'salon_stylist': staff[home]['receptionist'][0],
                        }], [{'method': cash, 'amount': amount}]))
    purchases = _sell(ctx, purchases)
    courses = Package.search([('sale_line.sale', 'in',
                [s.id for s in purchases])], order=[('id', 'ASC')])
    sessions = []
    for course in courses:
        client = course.client.id
        home = course.client.salon_home_store.id
        start = (course.start - ctx.start_date).days + 1
        for _ in range(rng.randint(1, 4)):
            date = ctx.start_date + dt.timedelta(
                days=rng.randrange(start, days + 1))
            sessions.append((date, client, home, [{
                            'product': service.id, 'quantity': 1,
                            'unit_list_price': Decimal(0),
                            'unit_gross_price': Decimal(0),
                            'salon_package_card': course.id,
                            'salon_stylist': employee(home, 'therapist'),
                            }], []))
    sessions.sort(key=lambda s: s[0])
    _sell(ctx, sessions)

    Tier.create([{'name': name, 'threshold': Decimal(threshold),
                'discount': Decimal(discount)}
            for name, threshold, discount in TIERS])
    changes = Party.salon_update_tiers(ctx.today)
    return {
        'cards': len(cards), 'spends': len(spends),
        'packages': len(courses), 'sessions': len(sessions),
        'tiers': {t.name: len(c) for t, c in changes.items() if t},
        }
