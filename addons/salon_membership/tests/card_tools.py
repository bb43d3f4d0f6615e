# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Proteus fixtures for the stored-value cards."""
from decimal import Decimal

from proteus import Model

__all__ = ['setup_card_accounting', 'create_top_up', 'create_card_method']


def setup_card_accounting(accounts, config=None):
    """Create the stored-value accounts and journal, set them on the
    accounting configuration and return them as a dictionary"""
    Account = Model.get('account.account', config=config)
    Journal = Model.get('account.journal', config=config)
    Configuration = Model.get('account.configuration', config=config)
    company = accounts['revenue'].company
    result = {}
    for key, name, code, kind in [
            ('liability', "Stored Value Liability", 'SV-L', 'tax'),
            ('bonus', "Stored Value Bonus Expense", 'SV-B', 'expense'),
            ('adjustment', "Stored Value Adjustment", 'SV-A', 'expense'),
            ('expiry', "Stored Value Breakage", 'SV-E', 'revenue'),
            ('refund', "Stored Value Refund", 'SV-R', 'revenue'),
            ]:
        account = Account(name=name, code=code, company=company)
        account.type = accounts[kind].type
        account.save()
        result[key] = account
    journal = Journal(name="Stored Value", code='SV', type='general')
    journal.save()
    result['journal'] = journal
    configuration = Configuration(1)
    configuration.salon_card_liability_account = result['liability']
    configuration.salon_card_bonus_account = result['bonus']
    configuration.salon_card_adjustment_account = result['adjustment']
    configuration.salon_card_expiry_account = result['expiry']
    configuration.salon_card_refund_account = result['refund']
    configuration.salon_card_journal = journal
    configuration.save()
    return result


def create_top_up(name, price, category, config=None):
    "Create and return a stored-value top-up service sold at price"
    Template = Model.get('product.template', config=config)
    Uom = Model.get('product.uom', config=config)
    unit, = Uom.find([('name', '=', 'Unit')])
    template = Template(name=name, default_uom=unit, type='service')
    template.salable = True
    template.salon_stored_value = True
    template.account_category = category
    template.list_price = Decimal(price)
    template.gross_price = Decimal(price)
    template.save()
    product, = template.products
    return product


def create_card_method(card_accounts, config=None):
    "Create and return the stored-value card payment method"
    Method = Model.get('sale.point.payment.method', config=config)
    method = Method(name="Stored Value Card")
    method.account = card_accounts['liability']
    method.salon_card = True
    method.save()
    return method
