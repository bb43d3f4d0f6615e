# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""A store with a roster and services for the unit tests (ORM, inside a
transaction with the company set)."""
import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from trytond.pool import Pool


def next_monday(weeks=2):
    today = dt.date.today()
    return today + dt.timedelta(days=7 * weeks - today.weekday())


def setup_booking(company, day=None, hours=(9, 18), employees=("Wang",)):
    """Return a namespace with the store (Shanghai, open 9-20 every day,
    a start every 30 minutes), the employees with a shift on day, a Cut
    (60 min) and a Colour (90 min) service and at(hour, minute, day)
    converting local times to UTC"""
    pool = Pool()
    Store = pool.get('salon.store')
    Employee = pool.get('company.employee')
    Party = pool.get('party.party')
    Shift = pool.get('salon.shift')
    Template = pool.get('product.template')
    Uom = pool.get('product.uom')
    if day is None:
        day = next_monday()
    store, = Store.create([{
                'name': "Downtown", 'code': 'DT', 'company': company.id,
                'timezone': 'Asia/Shanghai', 'booking_step': 30,
                'opening_hours': [('create', [{
                                'weekday': str(w),
                                'open_time': dt.time(9),
                                'close_time': dt.time(20),
                                } for w in range(7)])],
                }])
    tz = store.tzinfo

    def at(hour, minute=0, day=day):
        local = dt.datetime.combine(day, dt.time(hour, minute))
        return local.replace(tzinfo=tz).astimezone(
            dt.timezone.utc).replace(tzinfo=None)
    staff = []
    for name in employees:
        party = Party(name=name)
        party.save()
        employee = Employee(party=party, company=company)
        employee.save()
        staff.append(employee)
    unit, = Uom.search([('name', '=', 'Unit')])
    cut, colour = Template.create([{
                'name': name, 'type': 'service',
                'default_uom': unit.id, 'list_price': Decimal(price),
                'salon_service': True, 'salon_duration': duration,
                'products': [('create', [{}])],
                } for name, price, duration in [
                ("Cut", 100, 60), ("Colour", 300, 90)]])
    if hours:
        Shift.create([{
                    'employee': e.id, 'store': store.id,
                    'start': at(hours[0]), 'end': at(hours[1]),
                    } for e in staff])

    def client(name, email=None, **values):
        contacts = []
        if email:
            contacts.append({'type': 'email', 'value': email})
        party, = Party.create([{
                    'name': name, 'salon_client': True,
                    'salon_home_store': store.id,
                    'contact_mechanisms': [('create', contacts)],
                    **values}])
        return party
    return SimpleNamespace(
        store=store, employees=staff, employee=staff[0],
        cut=cut.products[0], colour=colour.products[0], day=day, at=at,
        client=client, tz=tz)
