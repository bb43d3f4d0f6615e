#!/usr/bin/env python3
# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Generate the demo data of the salon chain inside trytond.

A seeded (reproducible) generator: the same --seed and the same day give
the same chain, clients, sales and follow-ups.  Everything goes through
the ORM with classmethods on lists (create/save/post in batches), the way
a user's actions would, so the demo shows what the modules really do.

    python scripts/demo_data.py --database salon [--clients 2000]
        [--months 6] [--seed 42] [-c trytond.conf]

The database must exist with the salon addons activated (scripts/demo.sh
does it).  Optional addons get their own hooks below (setup_stock,
generate_booking, generate_membership, generate_stock), called in that
order only when they are activated.  The booking hook replays the past
days: each day the addons do their daily work (ctx.daily) and the visits
of the day are done, with ir.date.today answering that day (ctx.on_day).
"""
import argparse
import datetime as dt
import os
import random
import sys
import time
from collections import defaultdict
from contextlib import contextmanager, nullcontext
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

COMPANY_NAME = "Salon Chain"
TIMEZONE = 'Asia/Shanghai'
STORES = [
    # name, code, phone, street
    ("西湖店", 'XH', '+86 571 8701 2345', "杭州市西湖区文三路 168 号"),
    ("滨江店", 'BJ', '+86 571 8665 3456', "杭州市滨江区江南大道 588 号"),
    ("萧山店", 'XS', '+86 571 8271 4567', "杭州市萧山区市心中路 819 号"),
    ]
# name, price, kind (hair/beauty/spa/nails), role, duration (min)
SERVICES = [
    ("洗剪吹 Haircut", 98, 'hair', 'stylist', 45),
    ("洗吹造型 Wash & Blow-dry", 58, 'hair', 'stylist', 30),
    ("染发 Hair Colour", 398, 'hair', 'stylist', 120),
    ("烫发 Perm", 588, 'hair', 'stylist', 150),
    ("护发 Hair Treatment", 268, 'hair', 'stylist', 60),
    ("头皮护理 Scalp Care", 198, 'hair', 'therapist', 60),
    ("基础面部护理 Basic Facial", 298, 'beauty', 'therapist', 60),
    ("深层补水护理 Hydrating Facial", 468, 'beauty', 'therapist', 90),
    ("全身精油按摩 Aromatherapy Massage", 398, 'spa', 'therapist', 90),
    ("肩颈按摩 Neck & Shoulder Massage", 168, 'spa', 'therapist', 45),
    ("美甲 Manicure", 128, 'nails', 'therapist', 60),
    ("美睫 Eyelash Extension", 258, 'beauty', 'therapist', 90),
    ]
# How often each service is the main one of a visit.
SERVICE_WEIGHTS = [30, 12, 9, 5, 6, 4, 8, 4, 6, 6, 6, 4]
# Services that are often added to a main one.
ADD_ONS = ["护发 Hair Treatment", "头皮护理 Scalp Care",
    "肩颈按摩 Neck & Shoulder Massage", "美甲 Manicure"]
GOODS = [
    ("洗发水 Shampoo 500ml", 128, 45),
    ("护发素 Conditioner 500ml", 138, 48),
    ("发膜 Hair Mask 200ml", 168, 55),
    ("修护精华 Repair Serum 30ml", 398, 120),
    ("补水面膜 Hydrating Mask ×5", 198, 60),
    ]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
    "袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟"
    "熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
FEMALE_CHARS = (
    "芳娜敏静丽艳娟霞秀燕玲桂丹萍红英华慧佳琳雪婷倩颖洁琪晶欣怡梦瑶露菲"
    "月馨悦蕾妍璐雯婧薇晓雅思涵可心诗宁")
MALE_CHARS = (
    "伟强磊军洋勇杰涛明超辉刚健鹏飞斌宇浩凯俊峰帅波龙博文轩睿晨昊哲然诚")
MOBILE_PREFIXES = [
    '130', '131', '132', '133', '134', '135', '136', '137', '138', '139',
    '150', '151', '152', '153', '155', '156', '157', '158', '159',
    '166', '173', '175', '176', '177', '178',
    '180', '181', '182', '183', '184', '185', '186', '187', '188', '189',
    '198', '199']
SKIN_TYPES = ['dry', 'oily', 'combination', 'normal', 'sensitive']
SKIN_WEIGHTS = [20, 15, 30, 20, 15]
SOURCES = ['walk_in', 'referral', 'phone', 'online', 'meituan', 'douyin',
    'wechat']
SOURCE_WEIGHTS = [22, 15, 5, 6, 20, 15, 17]
ALLERGIES = [
    "对染发剂中的对苯二胺 (PPD) 过敏，禁用含 PPD 的染膏",
    "对酒精敏感，护理时避免含酒精的爽肤水",
    "坚果油过敏，按摩禁用甜杏仁油",
    "对香精敏感，请用无香型产品",
    "乳胶过敏，操作时使用丁腈手套",
    "果酸类产品会引起红肿",
    ]
PREFERENCES = [
    "喜欢安静，服务时少聊天",
    "偏好短发造型，不喜欢打薄",
    "周末上午来店，提前一天提醒",
    "水温偏高，按摩力度中等",
    "喜欢自然棕色系",
    "只接受微信联系",
    "对价格敏感，关注会员活动",
    ]
SKIN_CONDITIONS = [
    "T 区出油，两颊偏干", "轻微红血丝", "毛孔粗大，黑头较多",
    "缺水，有细纹", "状态良好", "额头有闭口粉刺"]
ADVICE = [
    "每日早晚温和洁面，注意防晒",
    "一周两次补水面膜，少熬夜",
    "染后一周内避免游泳，使用护色洗发水",
    "烫后 48 小时内不要洗头",
    "每周一次发膜护理",
    ]
FEEDBACK_GOOD = [
    "很满意，下次还找同一位发型师", "技术很好，服务热情",
    "效果不错，价格合理", "环境干净，等待时间短"]
FEEDBACK_BAD = [
    "等待时间太长，预约了还等了 40 分钟",
    "染发颜色和要求的差别很大",
    "服务过程中一直推销办卡，体验不好",
    ]

BATCH = int(os.environ.get('DEMO_BATCH', 250))


def log(message):
    print('  %s' % message, flush=True)


class Timer:
    def __init__(self, label):
        self.label = label

    def __enter__(self):
        self.start = time.monotonic()
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            log('%s (%.1fs)' % (self.label, time.monotonic() - self.start))


def chunks(items, size=BATCH):
    for i in range(0, len(items), size):
        yield items[i:i + size]


class Context:
    "What the generators share: the pool, the random source, the ids"

    def __init__(self, pool, rng, args):
        self.pool = pool
        self.dbname = args.database
        self.rng = rng
        self.args = args
        self.today = self.start_date = None
        self.modules = set()
        self.language = None
        self.context = {}
        self.extras = {}
        self.ids = {}
        # What the addons do at the start of each past day the booking
        # hook replays, by name: func(ctx, day) under on_day(day)
        self.daily = {}

    def run(self, func, *args, context=None):
        return run(self, func, *args, context=context)

    @contextmanager
    def on_day(self, day):
        """Replay a past day: the workflows run inside date what they do
        (ir.date.today) on day, as if the users had clicked then"""
        Date = self.pool.get('ir.date')
        with mock.patch.object(Date, 'today',
                classmethod(lambda cls, timezone=None: day)):
            yield


def clear_cache(Model):
    "Forget the cached records after values changed behind the ORM"
    transaction = Transaction()
    transaction.counter += 1
    for cache in transaction.cache.values():
        if Model.__name__ in cache:
            cache[Model.__name__].clear()


def model_id(ctx, module, fs_id):
    return ctx.pool.get('ir.model.data').get_id(module, fs_id)


# --------------------------------------------------------------- company
def setup_company(ctx):
    pool = ctx.pool
    Country = pool.get('country.country')
    Currency = pool.get('currency.currency')
    Rate = pool.get('currency.currency.rate')
    Party = pool.get('party.party')
    Company = pool.get('company.company')
    User = pool.get('res.user')

    currencies = Currency.search([('code', '=', 'CNY')], limit=1)
    if currencies:
        cny, = currencies
    else:
        cny, = Currency.create([{
                    'name': "Chinese Yuan Renminbi", 'code': 'CNY',
                    'numeric_code': '156', 'symbol': '¥',
                    'rounding': Decimal('0.01'), 'digits': 2,
                    }])
        Rate.create([{
                    'currency': cny.id, 'rate': Decimal(1),
                    'date': ctx.start_date - relativedelta(years=1),
                    }])
    # The country of the company's address is the region phone numbers
    # are read in; trytond_import_countries may have loaded it.
    countries = Country.search([('code', '=', 'CN')], limit=1)
    if countries:
        china, = countries
    else:
        china, = Country.create([{
                    'name': "中国 China", 'code': 'CN', 'code3': 'CHN',
                    'code_numeric': '156',
                    }])
    ctx.ids['country'] = china.id
    party, = Party.create([{
                'name': COMPANY_NAME,
                'addresses': [('create', [{
                                'street': "杭州市西湖区文三路 168 号",
                                'city': "杭州", 'postal_code': '310012',
                                'country': china.id,
                                }])],
                }])
    company, = Company.create([{
                'party': party.id, 'currency': cny.id,
                'timezone': TIMEZONE,
                }])
    admin, = User.search([('login', '=', 'admin')])
    User.write([admin], {
            'companies': [('add', [company.id])],
            'company': company.id,
            })
    ctx.ids['company'] = company.id
    ctx.ids['currency'] = cny.id
    return company


def setup_accounting(ctx, company):
    "Fiscal years with periods and the chart, as account/tests/tools do"
    pool = ctx.pool
    FiscalYear = pool.get('account.fiscalyear')
    SequenceStrict = pool.get('ir.sequence.strict')
    SequenceType = pool.get('ir.sequence.type')
    AccountTemplate = pool.get('account.account.template')
    Account = pool.get('account.account')
    CreateChart = pool.get('account.create_chart', type='wizard')

    move_type, = SequenceType.search([('name', '=', "Account Move")],
        limit=1)
    invoice_type, = SequenceType.search([('name', '=', "Invoice")], limit=1)
    years = range(ctx.start_date.year, ctx.today.year + 1)
    fiscalyears = []
    for year in years:
        move_seq, invoice_seq = SequenceStrict.create([{
                    'name': str(year), 'sequence_type': move_type.id,
                    'company': company.id,
                    }, {
                    'name': "Invoice %s" % year,
                    'sequence_type': invoice_type.id,
                    'company': company.id,
                    }])
        invoice_sequences = {'company': company.id}
        for field in ['out_invoice_sequence', 'in_invoice_sequence',
                'out_credit_note_sequence', 'in_credit_note_sequence']:
            invoice_sequences[field] = invoice_seq.id
        fiscalyears.append({
                'name': str(year), 'company': company.id,
                'start_date': dt.date(year, 1, 1),
                'end_date': dt.date(year, 12, 31),
                'move_sequence': move_seq.id,
                'invoice_sequences': [('create', [invoice_sequences])],
                })
    fiscalyears = FiscalYear.create(fiscalyears)
    FiscalYear.create_period(fiscalyears)

    template = AccountTemplate(
        model_id(ctx, 'account', 'account_template_root_en'))
    session_id, _, _ = CreateChart.create()
    chart = CreateChart(session_id)
    chart.account.account_template = template
    chart.account.company = company
    chart.transition_create_account()
    properties = chart.states['properties']
    for name, value in properties.get_defaults(
            chart, 'properties',
            list(chart.properties._fields.keys())).items():
        if name in chart.properties._fields:
            setattr(chart.properties, name, value)
    for kind in ['receivable', 'payable']:
        field = 'account_%s' % kind
        if not getattr(chart.properties, field, None):
            account, = Account.search([
                    ('type.%s' % kind, '=', True),
                    ('party_required', '=', True),
                    ('company', '=', company.id),
                    ], limit=1)
            setattr(chart.properties, field, account)
    accounts = {code: Account.search([
                ('company', '=', company.id), ('code', '=', code),
                ], limit=1)[0]
        for code in ['1.1.1', '1.1.4', '4.1.1', '4.1.2', '5.1.1']}
    for name, code in [('category_account_revenue', '4.1.2'),
            ('category_account_expense', '5.1.1')]:
        if name in chart.properties._fields:
            setattr(chart.properties, name, accounts[code])
    chart.transition_create_properties()
    CreateChart.delete(session_id)
    ctx.ids['accounts'] = {c: a.id for c, a in accounts.items()}
    return accounts


def setup_products(ctx, company, accounts):
    pool = ctx.pool
    Category = pool.get('product.category')
    Template = pool.get('product.template')
    Uom = pool.get('product.uom')

    unit, = Uom.search([('name', '=', "Unit")], limit=1)
    service_cat, goods_cat = Category.create([{
                'name': "美发美容服务 Salon Services", 'accounting': True,
                'account_revenue': accounts['4.1.2'].id,
                'account_expense': accounts['5.1.1'].id,
                }, {
                'name': "零售产品 Retail Products", 'accounting': True,
                'account_revenue': accounts['4.1.1'].id,
                'account_expense': accounts['5.1.1'].id,
                }])
    values = []
    for name, price, kind, role, duration in SERVICES:
        values.append({
                'name': name, 'type': 'service', 'default_uom': unit.id,
                'sale_uom': unit.id,
                'salable': True, 'account_category': service_cat.id,
                'list_price': Decimal(price), 'gross_price': Decimal(price),
                'products': [('create', [{}])],
                })
    for name, price, cost in GOODS:
        values.append({
                'name': name, 'type': 'goods', 'default_uom': unit.id,
                'sale_uom': unit.id,
                'salable': True, 'account_category': goods_cat.id,
                'list_price': Decimal(price), 'gross_price': Decimal(price),
                'cost_price_method': 'fixed',
                'products': [('create', [{
                                'cost_price': Decimal(cost)}])],
                })
    templates = Template.create(values)
    products = [t.products[0] for t in templates]
    services = products[:len(SERVICES)]
    goods = products[len(SERVICES):]
    ctx.ids['services'] = {
        s[0]: p.id for s, p in zip(SERVICES, services)}
    ctx.ids['service_info'] = {
        p.id: {'name': s[0], 'price': Decimal(s[1]), 'kind': s[2],
            'role': s[3]}
        for s, p in zip(SERVICES, services)}
    ctx.ids['goods'] = {
        p.id: Decimal(g[1]) for g, p in zip(GOODS, goods)}


# ---------------------------------------------------------------- stores
def person_name(rng, gender):
    surname = rng.choice(SURNAMES)
    chars = FEMALE_CHARS if gender == 'female' else MALE_CHARS
    if rng.random() < 0.25:
        given = rng.choice(chars)
    else:
        given = rng.choice(chars) + rng.choice(chars)
    return surname + given


def setup_stores(ctx, company):
    pool = ctx.pool
    rng = ctx.rng
    Store = pool.get('salon.store')
    Location = pool.get('stock.location')
    Party = pool.get('party.party')
    Employee = pool.get('company.employee')
    Address = pool.get('party.address')
    POS = pool.get('sale.point')
    Journal = pool.get('account.journal')
    Sequence = pool.get('ir.sequence.strict')
    Method = pool.get('sale.point.payment.method')

    warehouse, = Location.search([('code', '=', 'WH')], limit=1)
    customer, = Location.search([('code', '=', 'CUS')], limit=1)
    journal, = Journal.search([('type', '=', 'revenue')], limit=1)
    pos_type = model_id(ctx, 'sale_point', 'sequence_type_sale')

    stores = []
    for name, code, phone, street in STORES:
        store_wh, = Location.copy([warehouse], default={
                'name': "%s仓库 %s Warehouse" % (name, code),
                'code': 'WH-%s' % code,
                })
        address, = Address.create([{
                    'party': company.party.id,
                    'party_name': "%s %s" % (COMPANY_NAME, name),
                    'street': street, 'city': "杭州",
                    'postal_code': '310000', 'country': ctx.ids['country'],
                    }])
        stores.append({
                'name': name, 'code': code, 'company': company.id,
                'warehouse': store_wh.id, 'phone': phone,
                'timezone': TIMEZONE, 'address': address.id,
                })
    stores = Store.create(stores)

    # Staff: per store a manager, a receptionist and 6-8 stylists or
    # therapists.
    staff = []
    for store in stores:
        roles = ['manager', 'receptionist']
        count = rng.randint(6, 8)
        stylists = count - rng.randint(2, 3)
        roles += ['stylist'] * stylists + ['therapist'] * (count - stylists)
        for role in roles:
            gender = 'male' if (role == 'stylist'
                and rng.random() < 0.45) else 'female'
            staff.append((store, role, person_name(rng, gender)))
    parties = Party.create([{'name': n} for _, _, n in staff])
    employees = Employee.create([{
                'party': p.id, 'company': company.id,
                'salon_store': s.id, 'salon_role': r,
                'start_date': ctx.start_date - relativedelta(
                    months=rng.randint(3, 48)),
                } for (s, r, _), p in zip(staff, parties)])
    by_store = defaultdict(lambda: defaultdict(list))
    for (store, role, _), employee in zip(staff, employees):
        by_store[store.id][role].append(employee.id)
    Store.write(*sum(([[s], {'manager': by_store[s.id]['manager'][0]}]
                for s in stores), []))

    cash, card, wechat, alipay = Method.create([{
                'company': company.id, 'name': "现金 Cash", 'cash': True,
                'account': ctx.ids['accounts']['1.1.1'],
                }, {
                'company': company.id, 'name': "银行卡 Card",
                'account': ctx.ids['accounts']['1.1.4'],
                }, {
                'company': company.id, 'name': "微信支付 WeChat Pay",
                'account': ctx.ids['accounts']['1.1.4'],
                }, {
                'company': company.id, 'name': "支付宝 Alipay",
                'account': ctx.ids['accounts']['1.1.4'],
                }])
    sequences = Sequence.create([{
                'name': "POS %s" % s.code, 'company': company.id,
                'sequence_type': pos_type, 'prefix': '%s-' % s.code,
                'padding': 6,
                } for s in stores])
    points = POS.create([{
                'name': "%s收银台 POS" % s.name, 'company': company.id,
                'journal': journal.id, 'sequence': q.id,
                'tax_included': True,
                'storage_location': s.warehouse.storage_location.id,
                'customer_location': customer.id,
                'salon_store': s.id, 'address': s.address.id,
                } for s, q in zip(stores, sequences)])
    ctx.ids['stores'] = [s.id for s in stores]
    ctx.ids['store_code'] = {s.id: s.code for s in stores}
    ctx.ids['staff'] = {k: dict(v) for k, v in by_store.items()}
    ctx.ids['point'] = {s.id: p.id for s, p in zip(stores, points)}
    ctx.ids['methods'] = {
        'cash': cash.id, 'card': card.id, 'wechat': wechat.id,
        'alipay': alipay.id}
    return stores


# ----------------------------------------------------------------- users
def setup_users(ctx, company):
    pool = ctx.pool
    User = pool.get('res.user')
    Group = pool.get('res.group')
    ModelData = pool.get('ir.model.data')
    ActWindow = pool.get('ir.action.act_window')

    def groups(*xml_ids):
        ids = []
        for xml_id in xml_ids:
            module, fs_id = xml_id.split('.')
            try:
                ids.append(ModelData.get_id(module, fs_id))
            except KeyError:
                log("group %s is missing, skipped" % xml_id)
        return Group.browse(ids)

    def actions(*xml_ids):
        ids = []
        for xml_id in xml_ids:
            module, fs_id = xml_id.split('.')
            try:
                ids.append(ActWindow(
                        ModelData.get_id(module, fs_id)).action.id)
            except KeyError:
                log("action %s is missing, skipped" % xml_id)
        return ids

    hq_groups = groups(
        'salon_crm.group_salon_hq', 'salon_crm.group_salon_client_export',
        'party.group_party_admin', 'product.group_product_admin',
        'company.group_company_admin', 'company.group_employee_admin',
        'sale.group_sale', 'sale.group_sale_admin',
        'sale_point.group_sale_point', 'sale_point.group_sale_point_posting',
        'stock.group_stock', 'stock.group_stock_admin',
        'account.group_account', 'account.group_account_admin',
        'marketing.group_marketing')
    manager_groups = groups(
        'salon_crm.group_salon_manager', 'sale.group_sale',
        'sale_point.group_sale_point', 'sale_point.group_sale_point_posting',
        'stock.group_stock')
    # the cashier posts the sales she takes (the accountant reads them)
    cashier_groups = groups(
        'salon_crm.group_salon_reception', 'sale.group_sale',
        'sale_point.group_sale_point', 'sale_point.group_sale_point_posting')
    stylist_groups = groups('salon_crm.group_salon_stylist')
    accountant_groups = groups(
        'salon_crm.group_salon_accountant', 'account.group_account',
        'account.group_account_admin')

    clients = 'salon_crm.act_client_form'
    store_list = 'salon_crm.act_store_form'
    pos_sales = 'sale_point.act_sale_form'
    followups = 'salon_crm.act_followup_form'
    ledger = 'account.act_move_line_form'
    accounts = 'account.act_general_ledger_account_form'

    stores = ctx.ids['stores']
    staff = ctx.ids['staff']
    specs = [('hq', "总部 HQ", hq_groups, stores, None,
            [clients, store_list], False)]
    for store in stores:
        code = ctx.ids['store_code'][store].lower()
        specs += [
            ('manager_%s' % code, "店长 Manager %s" % code.upper(),
                manager_groups, [store], staff[store]['manager'][0],
                [store_list, clients, followups], True),
            ('cashier_%s' % code, "收银 Cashier %s" % code.upper(),
                cashier_groups, [store], staff[store]['receptionist'][0],
                [pos_sales, clients], True),
            ('stylist_%s1' % code, "发型师 Stylist %s" % code.upper(),
                stylist_groups, [store], staff[store]['stylist'][0],
                [clients], True),
            ]
    specs.append(('accountant', "会计 Accountant", accountant_groups, [],
            None, [accounts, ledger], False))

    values = []
    english, = pool.get('ir.lang').search([('code', '=', 'en')], limit=1)
    for login, name, grps, user_stores, employee, acts, local in specs:
        value = {
            'login': login, 'name': name,
            'password': 'demo-%s' % login,
            'email': '%s@salon.example.com' % login,
            'groups': [('add', [g.id for g in grps])],
            'salon_stores': [('add', list(user_stores))],
            'companies': [('add', [company.id])],
            'company': company.id,
            'actions': [('add', actions(*acts))],
            'language': (ctx.language if local and ctx.language
                else english.id),
            }
        if employee:
            value['employees'] = [('add', [employee])]
            value['employee'] = employee
        values.append(value)
    users = User.create(values)
    # The admin sees every store too.
    admin, = User.search([('login', '=', 'admin')])
    User.write([admin], {'salon_stores': [('add', stores)]})
    ctx.ids['users'] = {u.login: u.id for u in users}
    return users


def close_config_wizard(ctx):
    "Mark every configuration wizard item done: no wizard at login"
    Item = ctx.pool.get('ir.module.config_wizard.item')
    items = Item.search([('state', '!=', 'done')])
    if items:
        Item.write(items, {'state': 'done'})


# --------------------------------------------------------------- clients
def mobile(rng, used):
    import phonenumbers
    while True:
        number = rng.choice(MOBILE_PREFIXES) + '%08d' % rng.randrange(
            10 ** 8)
        if number in used:
            continue
        parsed = phonenumbers.parse(number, 'CN')
        if phonenumbers.is_valid_number(parsed):
            used.add(number)
            return number


def written_phone(rng, number):
    "The ways the front desk types a mobile"
    style = rng.random()
    if style < 0.6:
        return number
    elif style < 0.8:
        return '%s-%s-%s' % (number[:3], number[3:7], number[7:])
    elif style < 0.9:
        return '+86 %s %s %s' % (number[:3], number[3:7], number[7:])
    return '86' + number


def generate_clients(ctx):
    pool = ctx.pool
    rng = ctx.rng
    Party = pool.get('party.party')

    stores = ctx.ids['stores']
    staff = ctx.ids['staff']
    used = set()
    specs = []
    for i in range(ctx.args.clients):
        gender = 'female' if rng.random() < 0.82 else 'male'
        if rng.random() < 0.01:
            gender = 'other'
        name = person_name(rng, gender if gender != 'other' else 'female')
        age = int(rng.triangular(18, 68, 32))
        birthday = ctx.today - dt.timedelta(
            days=age * 365 + rng.randrange(365))
        home = rng.choices(stores, weights=[45, 32, 23])[0]
        stylist_pool = (staff[home].get('stylist', [])
            if gender == 'male' or rng.random() < 0.7
            else staff[home].get('therapist', []))
        spec = {
            'name': name,
            'salon_client': True,
            'salon_gender': gender,
            'salon_birthday': birthday if rng.random() < 0.9 else None,
            'salon_skin_type': (rng.choices(SKIN_TYPES, SKIN_WEIGHTS)[0]
                if rng.random() < 0.7 else None),
            'salon_allergies': (rng.choice(ALLERGIES)
                if rng.random() < 0.08 else None),
            'salon_preferences': (rng.choice(PREFERENCES)
                if rng.random() < 0.3 else None),
            'salon_home_store': home,
            'salon_stylist': (rng.choice(stylist_pool)
                if stylist_pool and rng.random() < 0.85 else None),
            'salon_source': rng.choices(SOURCES, SOURCE_WEIGHTS)[0],
            'salon_marketing_consent': rng.random() < 0.65,
            'contact_mechanisms': [('create', [{
                            'type': 'mobile',
                            'value': written_phone(rng, mobile(rng, used)),
                            }])],
            }
        if rng.random() < 0.3:
            spec['contact_mechanisms'][0][1].append({
                    'type': 'other' if rng.random() < 0.7 else 'email',
                    'value': ('wx_%s' % rng.randrange(10 ** 7, 10 ** 8))
                    if rng.random() < 0.7
                    else 'c%d@example.com' % i,
                    'name': "WeChat",
                    })
        specs.append(spec)

    clients = []
    for batch in chunks(specs, 500):
        clients += Party.create(batch)
    # Referrals point to an earlier client.
    referred = [(c, s) for c, s in zip(clients, specs)
        if s['salon_source'] == 'referral']
    writes = []
    by_id = [c.id for c in clients]
    for client, _ in referred:
        position = by_id.index(client.id)
        if position:
            writes += [[client], {
                    'salon_referrer': by_id[rng.randrange(position)]}]
    if writes:
        Party.write(*writes)
    ctx.ids['clients'] = [(c.id, s['salon_home_store'], s['salon_stylist'],
            s['salon_gender'], s['salon_skin_type'])
        for c, s in zip(clients, specs)]
    return clients


# ----------------------------------------------------------------- sales
def plan_visits(ctx):
    "Return the list of visits (date, client, store, lines, method)"
    rng = ctx.rng
    staff = ctx.ids['staff']
    services = ctx.ids['service_info']
    service_ids = list(ctx.ids['services'].values())
    by_name = ctx.ids['services']
    goods = list(ctx.ids['goods'])
    stores = ctx.ids['stores']
    span = (ctx.today - ctx.start_date).days
    visits = []
    for client, home, stylist, gender, skin in ctx.ids['clients']:
        if rng.random() < 0.1:
            continue  # a prospect: in the file, never came
        interval = rng.choice([30, 40, 50, 60, 75, 90, 120])
        day = rng.randrange(min(interval, span) + 1)
        if rng.random() < 0.06:
            # Came for the first time in the last three weeks
            day = max(0, span - rng.randrange(21))
        favourite = rng.choices(service_ids, SERVICE_WEIGHTS)[0]
        if gender == 'male':
            favourite = by_name["洗剪吹 Haircut"]
        while day <= span:
            date = ctx.start_date + dt.timedelta(days=day)
            store = home if rng.random() < 0.92 else rng.choice(stores)
            main = favourite if rng.random() < 0.6 else rng.choices(
                service_ids, SERVICE_WEIGHTS)[0]
            products = [main]
            if rng.random() < 0.25:
                extra = by_name[rng.choice(ADD_ONS)]
                if extra != main:
                    products.append(extra)
            lines = []
            for product in products:
                role = services[product]['role']
                team = staff[store].get(role) or staff[store]['stylist']
                employee = (stylist if stylist in team
                    and rng.random() < 0.8 else rng.choice(team))
                lines.append((product, 1, employee))
            if rng.random() < 0.12:
                lines.append((rng.choice(goods), rng.choice([1, 1, 2]),
                        lines[0][2]))
            method = rng.choices(
                ['wechat', 'alipay', 'card', 'cash'], [45, 30, 15, 10])[0]
            hour = rng.randint(10, 20)
            minute = rng.choice([0, 15, 30, 45])
            visits.append({
                    'date': date, 'client': client, 'store': store,
                    'lines': lines, 'method': method,
                    'time': (hour, minute), 'skin': skin,
                    })
            day += max(7, int(rng.gauss(interval, interval / 4)))
    visits.sort(key=lambda v: (v['date'], v['time'], v['client']))
    return visits


def generate_sales(ctx, visits):
    "Check out the visits at the POS: pay, process and post in batches"
    receptionist = {s: ctx.ids['staff'][s]['receptionist'][0]
        for s in ctx.ids['stores']}
    sale_ids, posted_at, ordered = [], [], []
    started = time.monotonic()
    # The locks the posting takes, known up front to spare re-runs.
    ctx.extras['post_sales'] = {'_lock_tables': [
            'sale_point_cash_session', 'account_journal_period',
            'ir_sequence_strict']}
    for number, batch in enumerate(chunks(visits), 1):
        # One run of numbers per point: a strict sequence is read once
        # per run of sales of the same point.
        batch = sorted(batch, key=lambda v: (
                v['store'], v['date'], v['time'], v['client']))
        ids, before = ctx.run(post_sales, ctx, batch, receptionist)
        ordered += batch
        sale_ids += ids
        posted_at += [before] * len(ids)
        done = len(sale_ids)
        if number % 4 == 0 or done == len(visits):
            elapsed = time.monotonic() - started
            log('%d/%d sales posted (%.0f/s)' % (
                    done, len(visits), done / elapsed))
    # The visits in the order of the sales
    visits[:] = ordered
    return sale_ids, posted_at


def post_sales(ctx, visits, receptionist):
    pool = ctx.pool
    Sale = pool.get('sale.point.sale')
    services = ctx.ids['service_info']
    goods = ctx.ids['goods']
    values = []
    for visit in visits:
        lines = []
        total = Decimal(0)
        for product, quantity, employee in visit['lines']:
            price = (services[product]['price'] if product in services
                else goods[product])
            total += price * quantity
            lines.append({
                    'product': product, 'quantity': quantity,
                    'unit_list_price': price, 'unit_gross_price': price,
                    'salon_stylist': employee,
                    })
        values.append({
                'company': ctx.ids['company'],
                'point': ctx.ids['point'][visit['store']],
                'date': visit['date'],
                'employee': receptionist[visit['store']],
                'salon_client': visit['client'],
                'lines': [('create', lines)],
                'payments': [('create', [{
                                'method': ctx.ids['methods'][
                                    visit['method']],
                                'amount': total,
                                }])],
                })
    t0 = time.monotonic()
    sales = Sale.create(values)
    t1 = time.monotonic()
    Sale.process(sales)
    t2 = time.monotonic()
    before = dt.datetime.now()
    Sale.post(sales)
    if os.environ.get('DEMO_DEBUG'):
        log("create %.1fs process %.1fs post %.1fs" % (
                t1 - t0, t2 - t1, time.monotonic() - t2))
    return [s.id for s in sales], before


def generate_followups(ctx, visits, sale_ids, posted_at):
    """Date the follow-ups planned by posting from the visit, and record
    the outcome of those already due."""
    pool = ctx.pool
    rng = ctx.rng
    Followup = pool.get('salon.followup')
    Store = pool.get('salon.store')
    transaction = Transaction()
    cursor = transaction.connection.cursor()
    table = Followup.__table__()

    tz = Store(ctx.ids['stores'][0]).tzinfo
    sale2visit = {}
    for sale_id, visit, before in zip(sale_ids, visits, posted_at):
        local = dt.datetime.combine(visit['date'], dt.time(*visit['time']))
        utc = local.replace(tzinfo=tz).astimezone(dt.timezone.utc).replace(
            tzinfo=None)
        sale2visit[sale_id] = (utc, before)

    followups = []
    for ids in chunks(sale_ids, 900):
        followups += Followup.search([('sale', 'in', ids)],
            order=[('id', 'ASC')])
    now = dt.datetime.now()
    planned = {}
    for followup in followups:
        visit_at, before = sale2visit[followup.sale.id]
        hours = round((followup.planned - before).total_seconds() / 3600)
        planned[followup.id] = visit_at + dt.timedelta(hours=hours)
    # The posting planned from "now": a correction of historical data,
    # not a user action, hence plain SQL.
    for followup_id, value in planned.items():
        cursor.execute(*table.update(
                [table.planned], [value], where=table.id == followup_id))
    clear_cache(Followup)

    due = [f for f in followups if planned[f.id] < now]
    recent = now - dt.timedelta(days=10)
    outcomes = defaultdict(list)
    escalate = []
    for followup in due:
        draw = rng.random()
        if draw < 0.12:
            outcomes[('cancelled', None, None)].append(followup)
        elif draw < 0.32:
            outcomes[('done', 'no_answer', None)].append(followup)
        elif draw < 0.34:
            outcomes[('done', 'refused', None)].append(followup)
        else:
            rating = rng.choices([5, 4, 3], [60, 30, 10])[0]
            if (planned[followup.id] > recent and len(escalate) < 12
                    and rng.random() < 0.04):
                escalate.append(followup)
            else:
                outcomes[('done', 'reached', rating)].append(followup)
    writes = []
    for (state, result, rating), records in sorted(
            outcomes.items(), key=lambda i: str(i[0])):
        value = {'state': state}
        if result:
            value['result'] = result
        if rating:
            value['rating'] = rating
            value['feedback'] = rng.choice(FEEDBACK_GOOD)
        writes += [records, value]
    if writes:
        Followup.write(*writes)
    cursor.execute(*table.update(
            [table.done_date], [table.planned],
            where=(table.state == 'done') & (table.done_date == Null)))
    # A few unhappy clients: recorded through the button, so the store
    # manager gets the complaint with its SLA.
    for followup in escalate:
        followup.result = 'reached'
        followup.rating = rng.choice([1, 2, 2])
        followup.feedback = rng.choice(FEEDBACK_BAD)
    if escalate:
        Followup.save(escalate)
        Followup.do(escalate)
    return len(followups), len(due), len(escalate)


def generate_consultations(ctx, visits, sale_ids):
    pool = ctx.pool
    rng = ctx.rng
    Consultation = pool.get('salon.consultation')
    services = ctx.ids['service_info']
    goods = list(ctx.ids['goods'])
    values = []
    for sale_id, visit in zip(sale_ids, visits):
        kinds = {services[p]['kind'] for p, _, _ in visit['lines']
            if p in services}
        service_ids = [p for p, _, _ in visit['lines'] if p in services]
        if not (kinds & {'beauty', 'spa'} or (
                    'hair' in kinds and rng.random() < 0.15)):
            continue
        if rng.random() > 0.6:
            continue
        value = {
            'client': visit['client'], 'store': visit['store'],
            'employee': visit['lines'][0][2], 'date': visit['date'],
            'services': [('add', service_ids)],
            'notes': "到店时间 %02d:%02d" % visit['time'],
            'advice': rng.choice(ADVICE),
            }
        if kinds & {'beauty', 'spa'}:
            value['skin_type'] = visit['skin']
            value['skin_condition'] = rng.choice(SKIN_CONDITIONS)
            if rng.random() < 0.5:
                value['products_used'] = [('create', [{
                                'product': rng.choice(goods),
                                'quantity': 1,
                                }])]
        values.append(value)
    count = 0
    for batch in chunks(values, 500):
        count += len(Consultation.create(batch))
    return count


# ------------------------------------------------ hooks for other addons
BOOKING_OPEN, BOOKING_CLOSE = 10, 21
# the share of the past appointments per end state
BOOKING_PAST_STATES = [('done', 85), ('cancelled', 9), ('no_show', 6)]
BOOKING_FUTURE_DAYS = 14


def generate_booking(ctx):
    """salon_booking: opening hours, a daily roster and appointments: done
    (some cancelled or no-show) over the demo months and confirmed ones
    for the next two weeks, none overlapping for an employee.  The visits
    of the past arrive and are done day by day through the Done button,
    so that the addons react to it (salon_stock_ext takes the back-bar
    goods) on that day, after their own daily work (ctx.daily)."""
    pool = ctx.pool
    rng = ctx.rng
    Store = pool.get('salon.store')
    Template = pool.get('product.template')
    Shift = pool.get('salon.shift')
    Appointment = pool.get('salon.appointment')
    Busy = pool.get('salon.appointment.busy')
    Sequence = pool.get('ir.sequence')

    info = ctx.ids['service_info']
    durations = {ctx.ids['services'][s[0]]: s[4] for s in SERVICES}
    templates = Template.browse([p.template.id for p in pool.get(
                'product.product').browse(list(durations))])
    Template.write(*sum(([[t], {
                        'salon_service': True,
                        'salon_duration': durations[t.products[0].id],
                        }] for t in templates), []))
    stores = Store.browse(ctx.ids['stores'])
    Store.write(stores, {
            'booking_step': 15,
            'opening_hours': [('create', [{
                            'weekday': str(w),
                            'open_time': dt.time(BOOKING_OPEN),
                            'close_time': dt.time(BOOKING_CLOSE),
                            } for w in range(7)])],
            })
    tzinfo = stores[0].tzinfo

    def utc(day, minutes):
        local = dt.datetime.combine(day, dt.time()) + dt.timedelta(
            minutes=minutes)
        return local.replace(tzinfo=tzinfo).astimezone(
            dt.timezone.utc).replace(tzinfo=None)

    now = dt.datetime.now(dt.timezone.utc).replace(
        tzinfo=None, microsecond=0)
    first = ctx.start_date
    last = ctx.today + dt.timedelta(days=BOOKING_FUTURE_DAYS)
    days = [first + dt.timedelta(days=d)
        for d in range((last - first).days + 1)]
    clients = defaultdict(list)
    for client, home, _, _, _ in ctx.ids['clients']:
        clients[home].append(client)
    by_role = defaultdict(list)
    for product, values in info.items():
        by_role[values['role']].append(product)
    for role in by_role:
        by_role[role].sort()
    states, weights = zip(*BOOKING_PAST_STATES)

    shifts, plans = [], []
    for store in stores:
        team = ctx.ids['staff'][store.id]
        workers = [(e, r) for r in ['stylist', 'therapist']
            for e in team.get(r, [])]
        for day in days:
            for employee, role in workers:
                if rng.random() < 1 / 7:
                    continue  # the day off
                shifts.append({
                        'employee': employee, 'store': store.id,
                        'start': utc(day, BOOKING_OPEN * 60),
                        'end': utc(day, BOOKING_CLOSE * 60),
                        })
                # one to three appointments in a row, with gaps
                minutes = BOOKING_OPEN * 60 + rng.choice([0, 30, 60, 120])
                for _ in range(rng.randint(0, 3)):
                    product = rng.choice(by_role[role])
                    length = durations[product]
                    if minutes + length > BOOKING_CLOSE * 60:
                        break
                    start, end = utc(day, minutes), utc(
                        day, minutes + length)
                    minutes += length + rng.choice([0, 15, 30, 60, 90])
                    if start <= now < end or not clients[store.id]:
                        continue
                    if start > now:
                        state = 'confirmed'
                    else:
                        state = rng.choices(states, weights)[0]
                    plans.append((store, employee, product,
                            rng.choice(clients[store.id]), start, end,
                            state, day))
    # SQLite checks the exclusion constraints with one clause per row:
    # small batches keep the query shallow
    for batch in chunks(shifts, 20):
        Shift.create(batch)

    plans.sort(key=lambda p: (p[4], p[0].id, p[1]))
    sequence = Sequence(
        model_id(ctx, 'salon_booking', 'sequence_appointment'))
    number = sequence.number_next
    to_do = defaultdict(list)
    for batch in chunks(plans, BATCH):
        values = []
        for store, employee, product, client, start, end, state, _ in batch:
            values.append({
                    'company': ctx.ids['company'], 'client': client,
                    'store': store.id, 'employee': employee,
                    'start': start, 'end': end,
                    # the past visits are done below, day by day
                    'state': 'arrived' if state == 'done' else state,
                    'number': '%s%06d' % (sequence.prefix or '', number),
                    'source': rng.choice(
                        ['phone', 'phone', 'walk_in', 'online', 'app']),
                    'late_cancel': state == 'cancelled' and (
                        rng.random() < 0.3),
                    'lines': [('create', [{
                                    'product': product,
                                    'employee': employee,
                                    'start': start, 'end': end,
                                    'price': info[product]['price'],
                                    }])],
                    })
            number += 1
        appointments = Appointment.create(values)
        busy = [{
                'appointment': a.id, 'line': a.lines[0].id,
                'employee': a.employee.id, 'start': a.start, 'end': a.end,
                } for a in appointments
            if a.state in {'confirmed', 'arrived'}]
        for sub in chunks(busy, 20):
            Busy.create(sub)
        for appointment, plan in zip(appointments, batch):
            if appointment.state == 'arrived':
                to_do[plan[-1]].append(appointment.id)
    Sequence.write([sequence], {'number_next': number})

    spent = defaultdict(float)
    for day in days:
        if day > ctx.today:
            break
        with ctx.on_day(day):
            for name, daily in sorted(ctx.daily.items()):
                started = time.monotonic()
                daily(ctx, day)
                spent[name] += time.monotonic() - started
            if to_do[day]:
                started = time.monotonic()
                Appointment.do(Appointment.browse(to_do[day]))
                spent['done'] += time.monotonic() - started
    if os.environ.get('DEMO_DEBUG'):
        log("days replayed: %s" % ', '.join(
                '%s %.1fs' % i for i in sorted(spent.items())))
    log("%d shifts, %d appointments (%d done)" % (
            len(shifts), len(plans), sum(map(len, to_do.values()))))


def generate_membership(ctx):
    "salon_membership: tiers, cards with top-ups and spends, packages"
    import demo_membership
    made = demo_membership.generate(ctx)
    log("%(cards)d stored-value cards (%(spends)d spends), %(packages)d "
        "packages (%(sessions)d sessions), tiers %(tiers)s" % made)


def setup_stock(ctx):
    """salon_stock_ext, before the visits are done: the back-bar goods,
    HQ's warehouse, the retail goods on the shelves, and its daily work
    (ctx.daily): going live with recipes, deliveries and order points,
    then the weekly replenishment of the stores"""
    import demo_stock
    made = demo_stock.setup(ctx)
    log("%(goods)d back-bar goods, %(retail)d retail goods on the "
        "shelves; the back-bar stock goes live on %(go_live)s" % made)


def generate_stock(ctx):
    "salon_stock_ext: a stocktake per store, today's low-stock check"
    import demo_stock
    made = demo_stock.generate(ctx)
    log("%(recipes)d recipe lines, %(order_points)d order points, "
        "%(consumed)d back-bar moves for the %(since)d appointments done "
        "since %(go_live)s (of %(done)d), %(deliveries)d supplier deliveries, "
        "%(replenishments)d replenishments from HQ, %(stocktakes)d "
        "stocktakes (%(draft)d draft), %(alerts)d low-stock alerts" % made)


# In this order: the stock setup gives the booking hook its daily work
# (going live, replenishing) before the past days are replayed; the
# stocktakes and today's check come after.
HOOKS = [
    ('salon_stock_ext', setup_stock),
    ('salon_booking', generate_booking),
    ('salon_membership', generate_membership),
    ('salon_stock_ext', generate_stock),
    ]


# ------------------------------------------------------------------ main
def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('-c', '--config', dest='configfile', nargs='+',
        default=[os.environ.get('TRYTOND_CONFIG')])
    parser.add_argument('--clients', type=int, default=2000)
    parser.add_argument('--months', type=int, default=6)
    parser.add_argument('--seed', type=int, default=42)
    parser.add_argument('--language', default='zh_CN',
        help="the language of the demo users (default zh_CN)")
    return parser.parse_args(argv)


def run(ctx, func, *args, context=None):
    """Run func in its own transaction and commit.

    Tryton asks for the tables to lock before the transaction starts: a
    late lock raises TransactionError and the phase is re-run with it, from
    the same random state so the data stays reproducible."""
    # The locks found by a batch are taken up front by the next ones.
    extras = ctx.extras.setdefault(func.__name__, {})
    state = ctx.rng.getstate()
    if context is None:
        context = ctx.context
    while True:
        # The demo's today stays the day it started, even past midnight
        today = ctx.on_day(ctx.today) if ctx.today else nullcontext()
        try:
            with today, Transaction().start(
                    ctx.dbname, 0, context=context, **extras):
                return func(*args)
        except TransactionError as exception:
            exception.fix(extras)
            ctx.rng.setstate(state)
            if os.environ.get('DEMO_DEBUG'):
                log("%s: re-run with %s" % (func.__name__, extras))


def setup(ctx):
    pool = ctx.pool
    Date = pool.get('ir.date')
    Module = pool.get('ir.module')
    Lang = pool.get('ir.lang')
    Company = pool.get('company.company')
    transaction = Transaction()
    if Company.search([], limit=1):
        sys.exit("The database %s already has a company: the demo data "
            "is generated once, on a new database." % ctx.dbname)
    # the company's date (its timezone), as ir.date.today gives it to users
    ctx.today = Date.today(timezone=ZoneInfo(TIMEZONE))
    ctx.start_date = ctx.today - relativedelta(months=ctx.args.months)
    ctx.modules = {m.name for m in Module.search([
                ('state', '=', 'activated')])}
    # The store staff work in Chinese when its translations are loaded
    # (trytond-admin -l zh_CN); HQ and accounting in English.
    langs = Lang.search([
            ('code', '=', ctx.args.language),
            ('translatable', '=', True),
            ], limit=1)
    ctx.language = langs[0].id if langs else None
    log("demo from %s to %s, seed %d" % (
            ctx.start_date, ctx.today, ctx.args.seed))
    with Timer("company Salon Chain, CNY, fiscal years, chart"):
        company = setup_company(ctx)
        with transaction.set_context(company=company.id):
            accounts = setup_accounting(ctx, company)
    with transaction.set_context(
            company=company.id, companies=[company.id]):
        with Timer("services and retail products"):
            setup_products(ctx, company, accounts)
        with Timer("3 stores, warehouses, staff, POS"):
            setup_stores(ctx, company)
        with Timer("users per role"):
            setup_users(ctx, company)
        close_config_wizard(ctx)


def main(argv=None):
    global Transaction, TransactionError, Null
    args = parse_args(argv)
    from trytond.config import config
    if args.configfile:
        config.update_etc(args.configfile)
    from sql import Null
    from trytond.pool import Pool
    from trytond.transaction import Transaction, TransactionError

    started = time.monotonic()
    pool = Pool(args.database)
    with Transaction().start(args.database, 0, readonly=True):
        pool.init()
    ctx = Context(pool, random.Random(args.seed), args)
    # The setup reads the account configuration singleton it creates.
    ctx.extras['setup'] = {'_lock_tables': ['account_configuration']}
    ctx.run(setup, ctx, context={})
    ctx.context = dict(company=ctx.ids['company'],
        companies=[ctx.ids['company']], salon_client=True,
        _skip_warnings=True)

    with Timer("%d clients" % args.clients):
        ctx.run(generate_clients, ctx)
    visits = plan_visits(ctx)
    log("%d visits to check out" % len(visits))
    with Timer("%d POS sales paid and posted" % len(visits)):
        sale_ids, posted_at = generate_sales(ctx, visits)
    with Timer("follow-ups dated and recorded"):
        total, due, escalated = ctx.run(
            generate_followups, ctx, visits, sale_ids, posted_at)
        log("%d follow-ups, %d due, %d escalated" % (
                total, due, escalated))
    with Timer("consultations"):
        count = ctx.run(generate_consultations, ctx, visits, sale_ids)
        log("%d consultations" % count)
    # The stock configuration singleton the stock setup creates
    ctx.extras['setup_stock'] = {'_lock_tables': ['stock_configuration']}
    for module, hook in HOOKS:
        if module in ctx.modules:
            with Timer("%s data (%s)" % (module, hook.__name__)):
                ctx.run(hook, ctx)
    with Timer("client segments"):
        ctx.run(pool.get('party.party').salon_compute_segments)
    log("demo data generated in %.0fs" % (time.monotonic() - started))


if __name__ == '__main__':
    main()
