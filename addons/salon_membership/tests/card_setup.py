# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""In-transaction set-up of a company selling stored value at a POS and of
its clients and their points, for the unit and property tests (call under
set_company)."""
import datetime as dt
from decimal import Decimal

from trytond.modules.account.tests import create_chart, get_fiscalyear
from trytond.pool import Pool


def setup_card_company(company):
    "Return a dictionary of the records a card test needs"
    pool = Pool()
    Account = pool.get('account.account')
    Category = pool.get('product.category')
    Configuration = pool.get('account.configuration')
    FiscalYear = pool.get('account.fiscalyear')
    Journal = pool.get('account.journal')
    Location = pool.get('stock.location')
    Method = pool.get('sale.point.payment.method')
    POS = pool.get('sale.point')
    Sequence = pool.get('ir.sequence.strict')
    SequenceType = pool.get('ir.sequence.type')
    Template = pool.get('product.template')
    Uom = pool.get('product.uom')

    create_chart(company)
    fiscalyear = get_fiscalyear(company)
    fiscalyear.save()
    FiscalYear.create_period([fiscalyear])

    def account(**domain):
        found, = Account.search(
            [('company', '=', company.id), ('closed', '!=', True)]
            + [(k, '=', v) for k, v in domain.items()], limit=1)
        return found
    revenue = account(**{'type.revenue': True})
    expense = account(**{'type.expense': True})
    cash = account(code='1.1.1')
    tax = account(code='6.3.6')
    accounts = {'revenue': revenue, 'expense': expense, 'cash': cash}
    for key, name, kind in [
            ('liability', "Stored Value Liability", tax),
            ('bonus', "Stored Value Bonus Expense", expense),
            ('adjustment', "Stored Value Adjustment", expense),
            ('expiry', "Stored Value Breakage", revenue),
            ('refund', "Stored Value Refund", revenue),
            ]:
        accounts[key], = Account.create([{
                    'name': name, 'company': company.id,
                    'type': kind.type.id}])
    journal, = Journal.create([{
                'name': "Stored Value", 'type': 'general'}])
    Configuration.create([{
                'salon_card_liability_account': accounts['liability'].id,
                'salon_card_bonus_account': accounts['bonus'].id,
                'salon_card_adjustment_account': accounts['adjustment'].id,
                'salon_card_expiry_account': accounts['expiry'].id,
                'salon_card_refund_account': accounts['refund'].id,
                'salon_card_journal': journal.id,
                }])

    category, = Category.create([{
                'name': "Services", 'accounting': True,
                'account_revenue': revenue.id}])
    unit, = Uom.search([('name', '=', 'Unit')])
    top_up, service = Template.create([{
                'name': "Top-up", 'type': 'service', 'salable': True,
                'salon_stored_value': True, 'default_uom': unit.id,
                'sale_uom': unit.id,
                'account_category': category.id,
                'list_price': Decimal(1), 'gross_price': Decimal(1),
                'products': [('create', [{}])],
                }, {
                'name': "Care", 'type': 'service', 'salable': True,
                'default_uom': unit.id, 'sale_uom': unit.id,
                'account_category': category.id,
                'list_price': Decimal(1), 'gross_price': Decimal(1),
                'products': [('create', [{}])],
                }])
    cash_method, card_method = Method.create([{
                'name': "Cash", 'account': cash.id, 'cash': True,
                'company': company.id,
                }, {
                'name': "Card", 'account': accounts['liability'].id,
                'salon_card': True, 'company': company.id,
                }])
    sequence_type, = SequenceType.search([('name', '=', "POS")], limit=1)
    sequence, = Sequence.create([{
                'name': "POS", 'sequence_type': sequence_type.id,
                'company': company.id}])
    revenue_journal, = Journal.search([('type', '=', 'revenue')], limit=1)
    storage, = Location.search([('code', '=', 'STO')], limit=1)
    customer, = Location.search([('code', '=', 'CUS')], limit=1)
    pos, = POS.create([{
                'name': "POS", 'company': company.id,
                'journal': revenue_journal.id, 'sequence': sequence.id,
                'storage_location': storage.id,
                'customer_location': customer.id}])
    return {
        'accounts': accounts, 'pos': pos, 'cash': cash_method,
        'card': card_method, 'top_up': top_up.products[0],
        'service': service.products[0], 'journal': journal,
        'today': dt.date.today()}


def create_client(company, name="Client", mobile=None, **values):
    """Create a client of the first store (created if there is none), with
    the mobile number if given; values are more fields of the party"""
    pool = Pool()
    Party = pool.get('party.party')
    Store = pool.get('salon.store')
    store, = Store.search([], limit=1) or Store.create([{
                'name': "Store", 'code': 'S', 'company': company.id}])
    values = dict({
            'name': name, 'salon_client': True,
            'salon_home_store': store.id}, **values)
    if mobile:
        values['contact_mechanisms'] = [('create', [{
                        'type': 'mobile', 'value': mobile}])]
    client, = Party.create([values])
    return client


def add_points(client, company, date, points, type_='earn', **values):
    "Create a line of points of the client; values are more of its fields"
    PointsLine = Pool().get('salon.points.line')
    line, = PointsLine.create([dict({
                    'client': client.id, 'company': company.id,
                    'date': date, 'points': points, 'type': type_,
                    'description': "test"}, **values)])
    return line


def sell(setup, product, amount, payments, card=None):
    """Sell amount of product (priced 1) at the POS, paid by payments
    [(method, amount, card)], and post the sale"""
    pool = Pool()
    Sale = pool.get('sale.point.sale')
    Payment = pool.get('sale.point.payment')
    sale, = Sale.create([{
                'point': setup['pos'].id,
                'lines': [('create', [{
                                'product': product.id,
                                'quantity': float(amount),
                                'unit_list_price': Decimal(1),
                                'unit_gross_price': Decimal(1),
                                'salon_card': card.id if card else None,
                                }])],
                }])
    Payment.create([{
                'sale': sale.id, 'method': method.id, 'amount': value,
                'salon_card': pay_card.id if pay_card else None}
            for method, value, pay_card in payments])
    Sale.process([sale])
    Sale.post([sale])
    return sale


def liability_balance(setup, company):
    "Return the credit balance of the stored-value liability account"
    pool = Pool()
    MoveLine = pool.get('account.move.line')
    lines = MoveLine.search([
            ('account', '=', setup['accounts']['liability'].id),
            ('move.state', '=', 'posted'),
            ])
    return sum((l.credit - l.debit for l in lines), Decimal(0))
