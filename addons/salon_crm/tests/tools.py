# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Proteus fixtures shared by the salon addons' scenarios and tests/."""
from decimal import Decimal

from proteus import Model
from trytond.modules.company.tests.tools import get_company

__all__ = [
    'create_store', 'create_employee', 'create_client', 'create_pos',
    'create_service', 'create_user', 'setup_salon_accounting', 'sell']


def create_store(name, code, timezone='Asia/Shanghai', company=None,
        config=None):
    "Create and return a store with its own warehouse"
    Store = Model.get('salon.store', config=config)
    Location = Model.get('stock.location', config=config)
    if not company:
        company = get_company(config=config)
    warehouse, = Location.find([('code', '=', 'WH')], limit=1)
    warehouse, = warehouse.duplicate(default={
            'name': "%s Warehouse" % name, 'code': code})
    store = Store(name=name, code=code, company=company, timezone=timezone)
    store.warehouse = warehouse
    store.save()
    return store


def create_employee(store, name, role='stylist', config=None):
    "Create and return an employee of the store"
    Party = Model.get('party.party', config=config)
    Employee = Model.get('company.employee', config=config)
    party = Party(name=name)
    party.save()
    employee = Employee(party=party, company=store.company)
    employee.salon_store = store
    employee.salon_role = role
    employee.save()
    if role == 'manager':
        store.manager = employee
        store.save()
    return employee


def create_client(name, phone=None, store=None, stylist=None, config=None,
        **values):
    "Create and return a client of the chain"
    Party = Model.get('party.party', config=config)
    client = Party(name=name, salon_client=True)
    client.salon_home_store = store
    client.salon_stylist = stylist
    for field, value in values.items():
        setattr(client, field, value)
    if phone:
        mechanism = client.contact_mechanisms.new(type='mobile')
        mechanism.value = phone
    client.save()
    return client


def create_user(login, groups, stores=(), employee=None, config=None):
    "Create a user in the groups (by name) and return it"
    User = Model.get('res.user', config=config)
    Group = Model.get('res.group', config=config)
    user = User(login=login, name=login)
    user.password = 'salon-' + login + '-pw'
    for name in groups:
        group, = Group.find([('name', '=', name)])
        user.groups.append(group)
    for store in stores:
        user.salon_stores.append(store.__class__(store.id))
    if employee:
        user.employees.append(employee.__class__(employee.id))
        user.employee = employee
    user.company = get_company(config=config)
    user.save()
    return user


def setup_salon_accounting(config=None, start=None):
    """Create a fiscal year, a chart, a tax, the revenue category and the
    cash payment method a POS needs; return them as a dictionary.

    With start, the fiscal year runs from start to the end of this year so
    sales can be dated in the past."""
    import datetime as dt
    from trytond.modules.account.tests.tools import (
        create_chart, create_fiscalyear, get_accounts)
    from trytond.modules.account_invoice.tests.tools import (
        set_fiscalyear_invoice_sequences)
    ProductCategory = Model.get('product.category', config=config)
    PaymentMethod = Model.get('sale.point.payment.method', config=config)
    Account = Model.get('account.account', config=config)
    today = None
    if start:
        today = (start, dt.date(dt.date.today().year, 12, 31))
    fiscalyear = set_fiscalyear_invoice_sequences(
        create_fiscalyear(today=today, config=config))
    fiscalyear.click('create_period')
    if not Account.find([('type', '!=', None)], limit=1):
        create_chart(config=config)
    accounts = get_accounts(config=config)
    category = ProductCategory(name="Salon Services")
    category.accounting = True
    category.account_revenue = accounts['revenue']
    category.save()
    cash = PaymentMethod(name="Cash")
    cash.account = accounts['cash']
    cash.cash = True
    cash.save()
    return {
        'fiscalyear': fiscalyear, 'accounts': accounts,
        'category': category, 'cash': cash}


def create_pos(store, name=None, config=None):
    "Create and return a point of sale for the store"
    POS = Model.get('sale.point', config=config)
    Journal = Model.get('account.journal', config=config)
    Location = Model.get('stock.location', config=config)
    SequenceStrict = Model.get('ir.sequence.strict', config=config)
    SequenceType = Model.get('ir.sequence.type', config=config)
    journal, = Journal.find([('type', '=', 'revenue')], limit=1)
    customer, = Location.find([('code', '=', 'CUS')], limit=1)
    pos = POS(name=name or "%s POS" % store.name)
    pos.journal = journal
    pos.sequence = SequenceStrict(
        name=pos.name, company=pos.company)
    pos.sequence.sequence_type, = SequenceType.find(
        [('name', '=', "POS")], limit=1)
    pos.sequence.save()
    pos.storage_location = store.warehouse.storage_location
    pos.customer_location = customer
    pos.salon_store = store
    pos.save()
    return pos


def sell(pos, client, lines, cash, date=None, config=None):
    """Sell lines [(product, quantity, stylist)] to client at pos, pay in
    cash and post; return the posted sale"""
    Sale = Model.get('sale.point.sale', config=config)
    sale = Sale(point=pos)
    if date:
        sale.date = date
    sale.salon_client = client
    for product, quantity, stylist in lines:
        line = sale.lines.new()
        line.product = product
        line.quantity = quantity
        line.salon_stylist = stylist
    sale.save()
    pay = sale.click('pay')
    pay.form.method = cash
    pay.execute('pay')
    sale.click('post')
    return sale


def create_service(name, price, category, config=None, **values):
    "Create and return a service product sold at price (tax included)"
    Template = Model.get('product.template', config=config)
    Uom = Model.get('product.uom', config=config)
    unit, = Uom.find([('name', '=', 'Unit')])
    template = Template(name=name, default_uom=unit, type='service')
    template.salable = True
    template.account_category = category
    template.list_price = Decimal(price)
    template.gross_price = Decimal(price)
    for field, value in values.items():
        setattr(template, field, value)
    template.save()
    product, = template.products
    return product
