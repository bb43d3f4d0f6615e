# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime as dt
import json
import os
import unittest
from decimal import Decimal
from pathlib import Path
from unittest.mock import patch

from trytond.modules.company.tests import create_company, set_company
from trytond.modules.salon_crm.tests.database import ModuleDatabaseMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction
from trytond.transaction import Transaction


def shared_data():
    "Return the folder of the shared data, cloned beside the repository"
    # The tests run from the symlink under site-packages.
    for folder in Path(__file__).resolve().parents:
        if (folder / 'addons').is_dir():
            return os.path.normpath(
                os.path.join(folder, '..', 'shared', 'data'))
    raise RuntimeError("repository root not found")


DATA = shared_data()
REASONS = {
    'invalid phone': 'salon_crm.msg_client_import_phone_invalid',
    'no name and no phone': 'salon_crm.msg_client_import_no_name_phone',
    'birthday in the future': 'salon_crm.msg_client_import_birthday_future',
    'unknown store': 'salon_crm.msg_client_import_store_unknown',
    'negative amount': 'salon_crm.msg_client_import_amount_negative',
    'unreadable date': 'salon_crm.msg_client_import_date_invalid',
    }
HEADER = 'name,phone,gender,birthday,store,tags,notes,total_spent,last_visit'


def read(name):
    with open(os.path.join(DATA, name), 'rb') as file:
        return file.read()


def csv_file(*lines):
    return '\n'.join((HEADER,) + lines).encode('utf-8')


class SalonCrmMigrationTestCase(ModuleDatabaseMixin, unittest.TestCase):
    "Test salon_crm legacy client import"
    module = 'salon_crm'

    def setUp(self):
        super().setUp()
        with open(os.path.join(
                    DATA, 'legacy_clients_sample_truth.json'),
                encoding='utf-8') as file:
            self.truth = json.load(file)

    def create_stores(self, company):
        pool = Pool()
        Store = pool.get('salon.store')
        return Store.create([{
                    'name': name, 'code': code, 'company': company.id,
                    } for name, code in [
                    ("西湖店", 'XH'), ("滨江店", 'BJ'), ("萧山店", 'XS')]])

    def plan(self, data, filename):
        Import = Pool().get('salon.client.import', type='wizard')
        return Import.plan(Import.read_file(data, filename))

    def check_truth(self, rows):
        "Check the planned rows against the truth file"
        truth = self.truth['rows']
        self.assertEqual(len(rows), len(truth))
        person2client, client2person = {}, {}
        for row, expected in zip(rows, truth):
            with self.subTest(row=row['number']):
                if not expected['valid']:
                    self.assertEqual(
                        row['error'][0], REASONS[expected['why']])
                    continue
                self.assertIsNone(row['error'])
                client = id(row['client'])
                self.assertEqual(
                    person2client.setdefault(expected['person'], client),
                    client)
                self.assertEqual(
                    client2person.setdefault(client, expected['person']),
                    expected['person'])
        self.assertEqual(
            len(client2person), self.truth['distinct_valid_people'])
        self.assertEqual(
            sum(1 for r in rows if r['error']), self.truth['invalid_rows'])

    def outcomes(self, rows):
        clients = {}
        return [
            (r['number'], r['error'] and r['error'][0],
                None if r['error']
                else clients.setdefault(id(r['client']), len(clients)),
                r.get('match'))
            for r in rows]

    @with_transaction()
    def test_import_csv_dry_run_truth(self):
        "The dry run of the shared CSV gives the truth"
        pool = Pool()
        Party = pool.get('party.party')
        Import = pool.get('salon.client.import', type='wizard')
        company = create_company()
        with set_company(company):
            self.create_stores(company)
            count = Party.search_count([])
            rows = self.plan(
                read('legacy_clients_sample.csv'),
                'legacy_clients_sample.csv')
            self.check_truth(rows)
            report = Import.report(rows)

            self.assertEqual(Party.search_count([]), count)
            self.assertEqual(
                report['created'], self.truth['distinct_valid_people'])
            self.assertEqual(report['rejected'], self.truth['invalid_rows'])
            self.assertEqual(
                report['merged'], len(rows) - report['created']
                - report['rejected'])
            lines = {line['number']: line for line in report['lines']}
            # Row 29 is 李晓燕 again under another way of writing her phone
            self.assertEqual(lines[29]['outcome'], 'merged')
            self.assertEqual(lines[29]['merged_row'], 11)
            self.assertEqual(lines[29]['match'], 'phone')
            # Row 36 is 肖玲 who changed phone
            self.assertEqual(lines[36]['merged_row'], 26)
            self.assertEqual(lines[36]['match'], 'name_birthday')
            self.assertEqual(lines[4]['outcome'], 'rejected')
            self.assertIn("2031-05-05", lines[4]['reason'])

    @with_transaction()
    def test_import_xlsx_same_as_csv(self):
        "The XLSX gives the same result as the CSV"
        company = create_company()
        with set_company(company):
            self.create_stores(company)
            from_csv = self.plan(
                read('legacy_clients_sample.csv'), 'sample.csv')
            from_xlsx = self.plan(
                read('legacy_clients_sample.xlsx'), 'sample.xlsx')
            self.check_truth(from_xlsx)
            self.assertEqual(
                self.outcomes(from_xlsx), self.outcomes(from_csv))
            self.assertEqual(
                [r.get('digest') for r in from_xlsx],
                [r.get('digest') for r in from_csv])

    @with_transaction()
    def test_import_run_twice(self):
        "The wizard imports the sample and a second run creates nothing"
        pool = Pool()
        Party = pool.get('party.party')
        Category = pool.get('party.category')
        ContactMechanism = pool.get('party.contact_mechanism')
        Import = pool.get('salon.client.import', type='wizard')
        data = read('legacy_clients_sample.csv')
        company = create_company()
        with set_company(company):
            xihu, binjiang, xiaoshan = self.create_stores(company)

            def run():
                session_id, _, _ = Import.create()
                start = {'file': data, 'filename': 'sample.csv'}
                result = Import.execute(
                    session_id, {'start': start}, 'check')
                check = result['view']['defaults']
                Import.execute(
                    session_id, {'start': start, 'check': {}}, 'import_')
                Import.delete(session_id)
                return check

            check = run()
            self.assertEqual(
                check['created'], self.truth['distinct_valid_people'])
            clients = Party.search([('salon_source', '=', 'migration')])
            self.assertEqual(
                len(clients), self.truth['distinct_valid_people'])
            self.assertTrue(all(c.salon_client for c in clients))
            counts = [
                Party.search_count([]), ContactMechanism.search_count([]),
                Category.search_count([])]
            state = {
                c.id: (c.salon_legacy_spent, c.salon_legacy_last_visit,
                    c.salon_home_store, len(c.contact_mechanisms))
                for c in clients}

            # 肖玲: two phones, the sum of her rows, the store of the last
            xiao, = Party.search([('name', '=', "肖玲")])
            self.assertEqual(
                sorted(m.value_compact for m in xiao.contact_mechanisms),
                ['+8613944643114', '+8615226502014'])
            self.assertEqual(
                {m.type for m in xiao.contact_mechanisms}, {'mobile'})
            self.assertEqual(
                xiao.salon_legacy_spent, Decimal('7886.03') + Decimal(0)
                + Decimal('8249.78'))
            self.assertEqual(
                xiao.salon_legacy_last_visit, dt.date(2026, 10, 1))
            self.assertEqual(xiao.salon_home_store, xihu)
            self.assertEqual(xiao.salon_birthday, dt.date(1978, 4, 11))
            self.assertEqual(xiao.salon_allergies, "对精油过敏")
            self.assertEqual(xiao.salon_preferences, "换号\n只约周末")
            # 李晓燕 in 3 stores: one client, home store of the last visit
            li, = Party.search([('name', '=', "李晓燕")])
            self.assertEqual(len(li.contact_mechanisms), 1)
            self.assertEqual(li.salon_home_store, xiaoshan)
            self.assertEqual(li.salon_gender, 'female')
            self.assertEqual(
                sorted(c.name for c in li.categories), ["学生", "敏感肌"])
            self.assertEqual(
                {c.parent.name for c in li.categories}, {"Legacy Tags"})
            # Namesakes with other birthdays are other clients
            self.assertEqual(
                Party.search_count([('name', '=', "肖欣怡")]), 2)
            self.assertEqual(
                Party.search_count([('name', '=', "任霞")]), 2)

            check = run()
            self.assertEqual(check['created'], 0)
            self.assertEqual(check['rejected'], self.truth['invalid_rows'])
            self.assertEqual(
                {line['outcome'] for line in check['lines']
                    if not line.get('reason')}, {'merged'})
            self.assertEqual(
                {line['client'] for line in check['lines']
                    if line.get('client')}, set(state))
            self.assertEqual([
                    Party.search_count([]),
                    ContactMechanism.search_count([]),
                    Category.search_count([])], counts)
            clients = Party.browse(list(state))
            self.assertEqual({
                    c.id: (c.salon_legacy_spent, c.salon_legacy_last_visit,
                        c.salon_home_store, len(c.contact_mechanisms))
                    for c in clients}, state)

    @with_transaction()
    def test_import_merge_existing(self):
        "Rows merge into existing clients by phone or name and birthday"
        pool = Pool()
        Party = pool.get('party.party')
        Import = pool.get('salon.client.import', type='wizard')
        company = create_company()
        with set_company(company):
            xihu, binjiang, _ = self.create_stores(company)
            by_phone, by_birthday = Party.create([{
                        'name': "郭晓燕", 'salon_client': True,
                        'salon_home_store': xihu.id,
                        'contact_mechanisms': [('create', [{
                                        'type': 'mobile',
                                        'value': '18440206797'}])],
                        }, {
                        'name': "王芳", 'salon_client': True,
                        'salon_home_store': xihu.id,
                        'salon_birthday': dt.date(1985, 3, 2),
                        'salon_legacy_spent': Decimal('100'),
                        'contact_mechanisms': [('create', [{
                                        'type': 'mobile',
                                        'value': '13800138000'}])],
                        }])
            rows = Import.plan(Import.read_file(csv_file(
                        "郭晓燕,+86 184 4020 6797,女,1990/11/15,西湖店,"
                        ",,10,2025-05-23",
                        "王芳,139-0013-9000,,1985年3月2日,滨江店,VIP,"
                        "花粉过敏,20.5,2026-01-02",
                        "王芳,13700137000,,1986-03-02,滨江店,,,1,"
                        "2026-01-02")))
            self.assertEqual(
                [(r['client'].party, r['match']) for r in rows],
                [(by_phone, 'phone'), (by_birthday, 'name_birthday'),
                    (None, None)])
            Import.apply(rows)

            self.assertEqual(by_phone.salon_birthday, dt.date(1990, 11, 15))
            self.assertEqual(by_phone.salon_gender, 'female')
            self.assertEqual(len(by_phone.contact_mechanisms), 1)
            self.assertEqual(
                sorted(m.value_compact
                    for m in by_birthday.contact_mechanisms),
                ['+8613800138000', '+8613900139000'])
            self.assertEqual(by_birthday.salon_legacy_spent, Decimal('120.5'))
            self.assertEqual(by_birthday.salon_home_store, binjiang)
            self.assertEqual(by_birthday.salon_allergies, "花粉过敏")
            self.assertEqual(Party.search_count([('name', '=', "王芳")]), 2)

    @with_transaction()
    def test_import_rejections(self):
        "Each kind of bad row is rejected with its reason, alone"
        pool = Pool()
        Party = pool.get('party.party')
        Import = pool.get('salon.client.import', type='wizard')
        company = create_company()
        with set_company(company):
            self.create_stores(company)
            data = b'\xef\xbb\xbf' + csv_file(
                "张　 三,１３８００１３８０００,F,1990.11.15,XH,"
                "\"VIP，老客\",likes tea,\"1,280.50\",2025-01-02",
                "李四,12345,男,1990-01-01,西湖店,,,1,2025-01-02",
                ",,女,1990-01-01,西湖店,,,1,2025-01-02",
                "王五,13800138001,女,2999-01-01,西湖店,,,1,2025-01-02",
                "赵六,13800138002,女,1990-01-01,月球店,,,1,2025-01-02",
                "钱七,13800138003,女,1990-01-01,西湖店,,,-1,2025-01-02",
                "孙八,13800138004,女,1990-13-01,西湖店,,,1,2025-01-02",
                "周九,13800138005,女,1990-01-01,西湖店,,,1,yesterday",
                "吴十,13800138006,女,1990-01-01,西湖店,,,abc,2025-01-02",
                "郑一,13800138007,女,1990-01-01,,,,1,2025-01-02",
                )
            rows = Import.plan(Import.read_file(data, 'bad.csv'))
            self.assertEqual([r['error'] and r['error'][0] for r in rows], [
                    None,
                    REASONS['invalid phone'],
                    REASONS['no name and no phone'],
                    REASONS['birthday in the future'],
                    REASONS['unknown store'],
                    REASONS['negative amount'],
                    REASONS['unreadable date'],
                    REASONS['unreadable date'],
                    'salon_crm.msg_client_import_amount_invalid',
                    'salon_crm.msg_client_import_store_missing',
                    ])
            report = Import.report(rows)
            self.assertEqual(
                (report['created'], report['merged'], report['rejected']),
                (1, 0, 9))
            self.assertTrue(all(
                    line['reason'] for line in report['lines'][1:]))
            Import.apply(rows)

            client, = Party.search([('salon_source', '=', 'migration')])
            self.assertEqual(client.name, "张 三")
            self.assertEqual(
                client.contact_mechanisms[0].value_compact, '+8613800138000')
            self.assertEqual(client.salon_gender, 'female')
            self.assertEqual(client.salon_birthday, dt.date(1990, 11, 15))
            self.assertEqual(client.salon_legacy_spent, Decimal('1280.50'))
            self.assertEqual(client.salon_preferences, "likes tea")
            self.assertEqual(
                sorted(c.name for c in client.categories), ["VIP", "老客"])
            for name in ["李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十"]:
                self.assertFalse(Party.search([('name', '=', name)]))

    @with_transaction()
    def test_import_file_errors(self):
        "An unreadable file or missing columns stop the import"
        from trytond.modules.salon_crm.exceptions import ImportError_
        Import = Pool().get('salon.client.import', type='wizard')
        with self.assertRaises(ImportError_):
            Import.read_file('名字'.encode('gb18030') + b'\xff', 'x.csv')
        with self.assertRaises(ImportError_):
            Import.read_file(b'name,phone\n', 'x.csv')
        with self.assertRaises(ImportError_):
            Import.read_file(b'PK\x03\x04broken', 'x.xlsx')

    @with_transaction()
    def test_import_atomic(self):
        "A failure during the import leaves nothing half-imported"
        pool = Pool()
        Party = pool.get('party.party')
        ContactMechanism = pool.get('party.contact_mechanism')
        Record = pool.get('salon.client.import.record')
        Import = pool.get('salon.client.import', type='wizard')
        transaction = Transaction()
        company = create_company()
        with set_company(company):
            self.create_stores(company)
            rows = self.plan(
                read('legacy_clients_sample.csv'), 'sample.csv')
            # The savepoint stands for the start of the wizard's
            # transaction, which the dispatcher rolls back on error.
            cursor = transaction.connection.cursor()
            cursor.execute('SAVEPOINT salon_import')
            with patch.object(
                    ContactMechanism, 'create',
                    side_effect=RuntimeError("crash")):
                with self.assertRaises(RuntimeError):
                    Import.apply(rows)
            # The clients were created before the failure
            self.assertEqual(
                Party.search_count([('salon_source', '=', 'migration')]),
                self.truth['distinct_valid_people'])
            cursor.execute('ROLLBACK TO SAVEPOINT salon_import')
            Party._salon_clear_cache()

            self.assertEqual(
                Party.search_count([('salon_source', '=', 'migration')]), 0)
            self.assertEqual(Record.search_count([]), 0)

    @with_transaction()
    def test_import_segments_count_legacy(self):
        "The segments count the legacy history"
        pool = Pool()
        Party = pool.get('party.party')
        Import = pool.get('salon.client.import', type='wizard')
        company = create_company()
        with set_company(company):
            self.create_stores(company)
            Import.apply(Import.plan(Import.read_file(csv_file(
                            "陈静,17727601895,女,1997-07-06,萧山店,,,"
                            "24354.74,2024-09-07",
                            "陈静,+86 17727601895,女,1997-07-06,萧山店,,,"
                            "27602.3,2026-02-11"))))
            Party.salon_compute_segments(today=dt.date(2026, 3, 1))

            client, = Party.search([('name', '=', "陈静")])
            self.assertEqual(client.salon_legacy_spent, Decimal('51957.04'))
            self.assertEqual(client.salon_total_spent, Decimal('51957.04'))
            self.assertEqual(client.salon_last_visit, dt.date(2026, 2, 11))
            self.assertEqual(client.salon_visit_count, 1)
            self.assertEqual(client.salon_lifecycle, 'active')


