#!/usr/bin/env python3
# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Benchmark back-bar consumption when appointments are done.

In one database with salon_stock_ext activated (TRYTOND_DATABASE_URI,
--database; SQLite in memory by default), builds --appointments arrived
appointments of one service whose recipe has 3 consumables, then times in
the same run, each in its own transaction rolled back afterwards:

  baseline  create and do the same stock moves directly (Move.save +
            Move.do of the moves consume() would build);
  closing   Appointment.do(appointments): the state change plus the
            creation and the done of the moves.

and prints both and the ratio closing / baseline (issue 5 target: <= 1.5).
"""
import argparse
import datetime as dt
import os
import sys
import time
from decimal import Decimal


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--appointments', type=int, default=1000)
    parser.add_argument('--repeat', type=int, default=2)
    parser.add_argument('--database', default=os.environ.get('DB_NAME'),
        help="default: :memory: on SQLite, bench_consumption on PostgreSQL")
    args = parser.parse_args()
    if not args.database:
        args.database = (
            'bench_consumption' if os.environ.get(
                'TRYTOND_DATABASE_URI', '').startswith('postgresql')
            else ':memory:')
    return args


def setup(n):
    from trytond.modules.company.tests import create_company, set_company
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool()
    Location = pool.get('stock.location')
    Store = pool.get('salon.store')
    Template = pool.get('product.template')
    Uom = pool.get('product.uom')
    Employee = pool.get('company.employee')
    Party = pool.get('party.party')
    Appointment = pool.get('salon.appointment')
    Product = pool.get('product.product')
    company = create_company()
    with set_company(company):
        warehouse, = Location.search([('code', '=', 'WH')])
        store, = Store.create([{
                    'name': "Bench", 'code': 'BENCH',
                    'company': company.id, 'warehouse': warehouse.id}])
        unit, = Uom.search([('name', '=', 'Unit')])
        goods = Template.create([{
                    'name': "Goods %s" % i, 'type': 'goods',
                    'default_uom': unit.id,
                    'products': [('create', [{}])]} for i in range(3)])
        products = [t.products[0] for t in goods]
        for product in products:
            product.cost_price = Decimal('1.25')
        Product.save(products)
        service, = Template.create([{
                    'name': "Cut", 'type': 'service', 'default_uom': unit.id,
                    'salon_service': True, 'salon_duration': 30,
                    'salon_buffer': 0,
                    'products': [('create', [{}])],
                    'salon_consumables': [('create', [{
                                    'product': p.id, 'quantity': 1,
                                    'unit': unit.id} for p in products])],
                    }])
        party, client = Party.create([
                {'name': "Stylist"}, {'name': "Client",
                    'salon_client': True, 'salon_home_store': store.id}])
        employee, = Employee.create([{
                    'party': party.id, 'company': company.id}])
        start = dt.datetime(2026, 1, 5, 2)
        values = []
        for i in range(n):
            begin = start + dt.timedelta(minutes=30 * i)
            end = begin + dt.timedelta(minutes=30)
            values.append({
                    'company': company.id, 'client': client.id,
                    'store': store.id, 'employee': employee.id,
                    'start': begin, 'end': end, 'state': 'arrived',
                    'lines': [('create', [{
                                    'product': service.products[0].id,
                                    'employee': employee.id,
                                    'start': begin, 'end': end,
                                    'price': Decimal(100)}])]})
        ids = [a.id for a in Appointment.create(values)]
    Transaction().commit()
    return company.id, ids


def main():
    args = parse_args()
    os.environ.setdefault('TRYTOND_DATABASE_URI', 'sqlite://')
    os.environ['DB_NAME'] = args.database
    from trytond.tests.test_tryton import activate_module
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    from trytond.modules.salon_stock_ext.stock import backbar_location_id
    os.environ.setdefault('DB_CACHE', '')
    t0 = time.perf_counter()
    activate_module('salon_stock_ext')
    print("activation %.1fs on %s" % (
            time.perf_counter() - t0,
            os.environ['TRYTOND_DATABASE_URI'].split(':')[0]))
    db = args.database
    with Transaction().start(db, 0):
        company_id, ids = setup(args.appointments)
    timings = {'baseline': [], 'closing': []}
    for _ in range(args.repeat):
        with Transaction().start(db, 0, context={
                    'company': company_id}) as transaction:
            pool = Pool()
            Appointment = pool.get('salon.appointment')
            Move = pool.get('stock.move')
            Date = pool.get('ir.date')
            appointments = Appointment.browse(ids)
            today = Date.today()
            start = time.perf_counter()
            backbar = backbar_location_id()
            moves = []
            for appointment in appointments:
                storage = appointment.store.warehouse.storage_location
                for line in appointment.lines:
                    for c in line.product.template.salon_consumables:
                        moves.append(line._consumption_move(
                                c.product, c.quantity, c.unit, storage.id,
                                backbar, Decimal('1.25'), today))
            Move.save(moves)
            Move.do(moves)
            timings['baseline'].append(time.perf_counter() - start)
            assert len(moves) == 3 * len(ids)
            transaction.rollback()
        with Transaction().start(db, 0, context={
                    'company': company_id}) as transaction:
            pool = Pool()
            Appointment = pool.get('salon.appointment')
            Move = pool.get('stock.move')
            appointments = Appointment.browse(ids)
            start = time.perf_counter()
            Appointment.do(appointments)
            timings['closing'].append(time.perf_counter() - start)
            assert Move.search([], count=True) >= 3 * len(ids)
            transaction.rollback()
    baseline = min(timings['baseline'])
    closing = min(timings['closing'])
    print("appointments %d, moves %d" % (len(ids), 3 * len(ids)))
    print("baseline (moves directly) %.3fs" % baseline)
    print("closing (Appointment.do)  %.3fs" % closing)
    print("RATIO %.2f" % (closing / baseline))
    return 0


if __name__ == '__main__':
    sys.exit(main())
