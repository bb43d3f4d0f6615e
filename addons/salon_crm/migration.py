# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Import of the client list kept by the legacy salon software.

The file is read, checked and de-duplicated as a whole (dry run), then
the same plan is applied in the wizard's transaction: all or nothing."""
import csv
import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from trytond import backend
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import ImportError_
from .party import normalize_phone

try:
    import openpyxl
except ImportError:
    openpyxl = None

COLUMNS = [
    'name', 'phone', 'gender', 'birthday', 'store', 'tags', 'notes',
    'total_spent', 'last_visit']
GENDERS = {
    '女': 'female', 'f': 'female', 'female': 'female',
    '男': 'male', 'm': 'male', 'male': 'male',
    }
ALLERGY_WORDS = ['过敏', 'allerg']
OUTCOMES = [
    ('created', "Created"),
    ('merged', "Merged"),
    ('rejected', "Rejected"),
    ]
MATCHES = [
    (None, ""),
    ('phone', "Same Phone"),
    ('name_birthday', "Same Name and Birthday"),
    ('imported', "Already Imported"),
    ]
_DATE = re.compile(
    r'^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?'
    r'(?:[ T]00:00(?::00)?)?$')
_TAG_SEPARATORS = re.compile(r'[,;、，；]')


def _text(value):
    "Return the cell as text with full-width forms folded"
    if value is None:
        return ''
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize('NFKC', str(value)).strip()


def _name(value):
    if value is None:
        return ''
    return ' '.join(str(value).replace('\u3000', ' ').split())


def _date(value):
    "Return the date or raise ValueError"
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(_text(value))
    if not match:
        raise ValueError(value)
    return dt.date(*map(int, match.groups()))


def _amount(value):
    "Return the amount as Decimal or raise ValueError"
    if isinstance(value, float):
        value = repr(value)
    text = _text(value).replace(',', '').replace('¥', '').replace(' ', '')
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(value)
    if not amount.is_finite():
        raise ValueError(value)
    return amount.quantize(Decimal('0.01'))


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    salon_legacy_spent = fields.Numeric(
        "Legacy Spent", digits=(16, 2), readonly=True,
        help="The total spent before the migration, from the legacy "
        "software.")
    salon_legacy_last_visit = fields.Date(
        "Legacy Last Visit", readonly=True,
        help="The last visit recorded by the legacy software.")


class ClientImportRecord(ModelSQL):
    "Row of a legacy file already imported, to import each row once"
    __name__ = 'salon.client.import.record'

    party = fields.Many2One(
        'party.party', "Client", required=True, ondelete='CASCADE')
    digest = fields.Char("Digest", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('digest_unique', Unique(t, t.digest),
                'salon_crm.msg_client_import_record_unique'),
            ]


class ClientImport(Wizard):
    "Import Legacy Clients"
    __name__ = 'salon.client.import'

    start = StateView(
        'salon.client.import.start',
        'salon_crm.client_import_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Check", 'check', 'tryton-forward', default=True),
            ])
    check = StateView(
        'salon.client.import.check',
        'salon_crm.client_import_check_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Back", 'start', 'tryton-back'),
            Button("Import", 'import_', 'tryton-ok', default=True),
            ])
    import_ = StateTransition()

    def default_check(self, fields):
        rows = self.read_file(self.start.file, self.start.filename)
        return self.report(self.plan(rows))

    def transition_import_(self):
        rows = self.read_file(self.start.file, self.start.filename)
        self.apply(self.plan(rows))
        return 'end'

    @classmethod
    def read_file(cls, data, filename=None):
        "Return the rows of the CSV or XLSX file as dictionaries"
        data = bytes(data or b'')
        if data.startswith(b'PK') or (
                filename or '').lower().endswith(('.xlsx', '.xlsm')):
            rows = cls._read_xlsx(data)
        else:
            rows = cls._read_csv(data)
        header = [_text(c).lower() for c in (next(rows, None) or [])]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise ImportError_(gettext(
                    'salon_crm.msg_client_import_columns',
                    columns=', '.join(missing)))
        result = []
        for number, row in enumerate(rows, 2):
            row = list(row)
            if not any(_text(v) for v in row):
                continue
            row += [None] * (len(header) - len(row))
            values = dict(zip(header, row))
            values['number'] = number
            result.append(values)
        return result

    @classmethod
    def _read_csv(cls, data):
        try:
            text = data.decode('utf-8-sig')
        except UnicodeDecodeError:
            raise ImportError_(gettext('salon_crm.msg_client_import_file'))
        return csv.reader(io.StringIO(text, newline=''))

    @classmethod
    def _read_xlsx(cls, data):
        try:
            workbook = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True)
        except Exception:
            raise ImportError_(gettext('salon_crm.msg_client_import_file'))
        return workbook.worksheets[0].iter_rows(values_only=True)

    @classmethod
    def parse(cls, rows):
        "Convert the rows, setting 'error' on the rows to reject"
        pool = Pool()
        Store = pool.get('salon.store')
        Date = pool.get('ir.date')
        today = Date.today()
        with Transaction().set_context(active_test=False):
            stores = Store.search([])
        store_index = {s.code: s for s in stores}
        store_index.update({s.name: s for s in stores})
        for row in rows:
            parsed = cls._parse_row(row, store_index, today)
            row.clear()
            row.update(parsed)
        return rows

    @classmethod
    def _parse_row(cls, row, stores, today):
        result = {
            'number': row['number'],
            'name': _name(row.get('name')),
            'raw_phone': _text(row.get('phone')),
            'error': None,
            }

        def reject(msg_id, **values):
            result['error'] = (msg_id, values)
            return result
        result['phone'] = normalize_phone(result['raw_phone'])
        if not result['name'] and not result['raw_phone']:
            return reject('salon_crm.msg_client_import_no_name_phone')
        if result['raw_phone'] and not result['phone']:
            return reject(
                'salon_crm.msg_client_import_phone_invalid',
                phone=result['raw_phone'])
        store = _text(row.get('store'))
        if not store:
            return reject('salon_crm.msg_client_import_store_missing')
        if store not in stores:
            return reject(
                'salon_crm.msg_client_import_store_unknown', store=store)
        result['store'] = stores[store]
        for column in ['birthday', 'last_visit']:
            value = row.get(column)
            if not _text(value):
                result[column] = None
                continue
            try:
                result[column] = _date(value)
            except ValueError:
                return reject(
                    'salon_crm.msg_client_import_date_invalid',
                    date=_text(value), column=column)
        if result['birthday'] and result['birthday'] > today:
            return reject(
                'salon_crm.msg_client_import_birthday_future',
                birthday=result['birthday'])
        amount = row.get('total_spent')
        try:
            result['amount'] = (
                _amount(amount) if _text(amount) else Decimal(0))
        except ValueError:
            return reject(
                'salon_crm.msg_client_import_amount_invalid',
                amount=_text(amount))
        if result['amount'] < 0:
            return reject(
                'salon_crm.msg_client_import_amount_negative',
                amount=result['amount'])
        result['gender'] = GENDERS.get(_text(row.get('gender')).lower())
        result['tags'] = sorted({
                t.strip() for t in _TAG_SEPARATORS.split(
                    _text(row.get('tags'))) if t.strip()})
        notes = str(row.get('notes') or '').strip()
        result['allergies'] = result['preferences'] = None
        if any(w in notes.lower() for w in ALLERGY_WORDS):
            result['allergies'] = notes
        elif notes:
            result['preferences'] = notes
        return result

    @classmethod
    def plan(cls, rows):
        """Return the rows parsed and assigned to a client.

        Each valid row gets 'client': a _Client shared by the rows of the
        same person, and 'match' when it merges into an earlier row or an
        existing client."""
        cls.parse(rows)
        valid = [r for r in rows if not r['error']]
        counts = {}
        for row in valid:
            # Identical rows are told apart by their occurrence.
            key = cls._digest_key(row)
            counts[key] = counts.get(key, 0) + 1
            row['digest'] = hashlib.sha256(
                (key + '#%s' % counts[key]).encode()).hexdigest()
        by_phone, by_name, imported = cls._existing_clients(valid)
        for row in valid:
            name_key = (row['name'], row['birthday'])
            if not row['birthday'] and row['phone']:
                name_key = None
            client, match = None, None
            if row['digest'] in imported:
                client, match = imported[row['digest']], 'imported'
            elif row['phone'] and row['phone'] in by_phone:
                client, match = by_phone[row['phone']], 'phone'
            elif name_key and row['name'] and name_key in by_name:
                client, match = by_name[name_key], 'name_birthday'
            if client is None:
                client = _Client()
            row['client'], row['match'] = client, match
            if row['phone'] and row['phone'] not in by_phone:
                by_phone[row['phone']] = client
                if match != 'imported':
                    client.phones.append(row['phone'])
            if name_key and row['name']:
                by_name.setdefault(name_key, client)
            if match != 'imported':
                client.rows.append(row)
        return rows

    @classmethod
    def _digest_key(cls, row):
        return json.dumps([
                row['name'], row['phone'], row['gender'],
                str(row['birthday']), row['store'].id, row['tags'],
                row['allergies'], row['preferences'], str(row['amount']),
                str(row['last_visit'])], ensure_ascii=False)

    @classmethod
    def _existing_clients(cls, rows):
        """Return the indexes of the existing clients by phone, by name and
        birthday and by imported row, read for the whole file at once"""
        pool = Pool()
        Party = pool.get('party.party')
        ContactMechanism = pool.get('party.contact_mechanism')
        Record = pool.get('salon.client.import.record')
        in_max = backend.MAX_QUERY_PARAMS // 2
        clients = {}

        def client(party):
            return clients.setdefault(party.id, _Client(party=party))
        by_phone, by_name, imported = {}, {}, {}
        phones = sorted({r['phone'] for r in rows if r['phone']})
        for sub_phones in grouped_slice(phones, in_max):
            for mechanism in ContactMechanism.search([
                        ('type', 'in', ['phone', 'mobile']),
                        ('value_compact', 'in', list(sub_phones)),
                        ('party.salon_client', '=', True),
                        ], order=[('id', 'ASC')]):
                by_phone.setdefault(
                    mechanism.value_compact, client(mechanism.party))
        names = sorted({r['name'] for r in rows if r['name']})
        for sub_names in grouped_slice(names, in_max):
            for party in Party.search([
                        ('salon_client', '=', True),
                        ('name', 'in', list(sub_names)),
                        ], order=[('id', 'ASC')]):
                if not party.salon_birthday and any(
                        m.type in {'phone', 'mobile'}
                        for m in party.contact_mechanisms):
                    continue
                by_name.setdefault(
                    (party.name, party.salon_birthday), client(party))
        digests = [r['digest'] for r in rows]
        for sub_digests in grouped_slice(digests, in_max):
            for record in Record.search([
                        ('digest', 'in', list(sub_digests)),
                        ]):
                imported[record.digest] = client(record.party)
        return by_phone, by_name, imported

    @classmethod
    def report(cls, rows):
        "Return the values of the check view for the planned rows"
        lines, totals = [], {'created': 0, 'merged': 0, 'rejected': 0}
        for row in rows:
            line = {
                'number': row['number'],
                'name': row['name'],
                'phone': row.get('phone') or row['raw_phone'],
                }
            if row['error']:
                msg_id, values = row['error']
                line['outcome'] = 'rejected'
                line['reason'] = gettext(msg_id, **values)
            else:
                client = row['client']
                line['match'] = row['match']
                if client.party:
                    line['outcome'] = 'merged'
                    line['client'] = client.party.id
                elif client.rows[0] is row:
                    line['outcome'] = 'created'
                else:
                    line['outcome'] = 'merged'
                    line['merged_row'] = client.rows[0]['number']
            totals[line['outcome']] += 1
            lines.append(line)
        return dict(lines=lines, **totals)

    @classmethod
    def apply(cls, rows):
        "Create and update the clients of the planned rows"
        pool = Pool()
        Party = pool.get('party.party')
        ContactMechanism = pool.get('party.contact_mechanism')
        Record = pool.get('salon.client.import.record')
        clients, seen = [], set()
        for row in rows:
            if not row['error'] and id(row['client']) not in seen:
                seen.add(id(row['client']))
                clients.append(row['client'])
        categories = cls._categories(
            {t for r in rows if not r['error'] for t in r['tags']})

        new = [c for c in clients if not c.party]
        existing = [c for c in clients if c.party and c.rows]
        parties = Party.create([c.get_values(categories) for c in new])
        for client, party in zip(new, parties):
            client.party = party
        to_write = []
        for client in existing:
            values = client.get_values(categories)
            if values:
                to_write.extend(([client.party], values))
        if to_write:
            Party.write(*to_write)
        ContactMechanism.create([{
                    'party': c.party.id,
                    'type': 'mobile',
                    'value': p,
                    } for c in clients for p in c.phones])
        Record.create([{
                    'party': r['client'].party.id,
                    'digest': r['digest'],
                    } for r in rows
                if not r['error'] and r['match'] != 'imported'])
        return parties

    @classmethod
    def _categories(cls, names):
        "Return the legacy tag categories by name, created when missing"
        pool = Pool()
        Category = pool.get('party.category')
        ModelData = pool.get('ir.model.data')
        if not names:
            return {}
        parent = ModelData.get_id('salon_crm', 'category_legacy_tags')
        categories = {c.name: c for c in Category.search([
                    ('parent', '=', parent),
                    ('name', 'in', sorted(names)),
                    ])}
        missing = sorted(names - set(categories))
        for category in Category.create([
                    {'name': n, 'parent': parent} for n in missing]):
            categories[category.name] = category
        return categories


class _Client:
    "A person of the file: an existing party or one to create"

    def __init__(self, party=None):
        self.party = party
        self.rows = []
        self.phones = []

    def get_values(self, categories):
        "Return the values to create or update the party"
        party = self.party
        values = {}
        if party is None:
            first = self.rows[0]
            values.update({
                    'name': first['name'] or None,
                    'salon_client': True,
                    'salon_source': 'migration',
                    })
        current = {
            'gender': party.salon_gender if party else None,
            'birthday': party.salon_birthday if party else None,
            }
        for row in self.rows:
            for column in ['gender', 'birthday']:
                if not current[column] and row[column]:
                    current[column] = values['salon_' + column] = row[column]
        for field in ['allergies', 'preferences']:
            text = getattr(party, 'salon_' + field, None) or ''
            lines = text.splitlines()
            for row in self.rows:
                if row[field] and row[field] not in lines:
                    lines.append(row[field])
            if '\n'.join(lines) != text:
                values['salon_' + field] = '\n'.join(lines)
        tags = {t for r in self.rows for t in r['tags']}
        known = {c.id for c in party.categories} if party else set()
        add = sorted({categories[t].id for t in tags} - known)
        if add:
            values['categories'] = [('add', add)]
        spent = sum((r['amount'] for r in self.rows), Decimal(0))
        if party and party.salon_legacy_spent:
            spent += party.salon_legacy_spent
        if not party or spent != party.salon_legacy_spent:
            values['salon_legacy_spent'] = spent

        def last_visit(row):
            return (row['last_visit'] or dt.date.min, row['number'])
        latest = max(self.rows, key=last_visit)
        before = max(
            [d for d in [party and party.salon_legacy_last_visit,
                    party and party.salon_last_visit] if d],
            default=None)
        if latest['last_visit'] and (
                not before or latest['last_visit'] > before):
            if not party or latest['last_visit'] > (
                    party.salon_legacy_last_visit or dt.date.min):
                values['salon_legacy_last_visit'] = latest['last_visit']
            if not party or party.salon_home_store != latest['store']:
                values['salon_home_store'] = latest['store'].id
        elif not party:
            values['salon_home_store'] = latest['store'].id
        return values


class ClientImportStart(ModelView):
    "Import Legacy Clients"
    __name__ = 'salon.client.import.start'

    file = fields.Binary(
        "File", required=True, filename='filename',
        help="The client list exported from the legacy software, as CSV "
        "(UTF-8) or XLSX with the columns name, phone, gender, birthday, "
        "store, tags, notes, total_spent and last_visit.")
    filename = fields.Char("File Name")


class ClientImportCheck(ModelView):
    "Import Legacy Clients Check"
    __name__ = 'salon.client.import.check'

    lines = fields.One2Many(
        'salon.client.import.check.line', None, "Rows", readonly=True)
    created = fields.Integer("Clients to Create", readonly=True)
    merged = fields.Integer("Rows to Merge", readonly=True)
    rejected = fields.Integer("Rows Rejected", readonly=True)


class ClientImportCheckLine(ModelView):
    "Import Legacy Clients Check Line"
    __name__ = 'salon.client.import.check.line'

    number = fields.Integer("Row", readonly=True)
    name = fields.Char("Name", readonly=True)
    phone = fields.Char("Phone", readonly=True)
    outcome = fields.Selection(OUTCOMES, "Outcome", readonly=True)
    match = fields.Selection(MATCHES, "Match", readonly=True)
    merged_row = fields.Integer(
        "Merged into Row", readonly=True,
        help="The earlier row of the file that creates the client.")
    client = fields.Many2One(
        'party.party', "Existing Client", readonly=True)
    reason = fields.Char("Reason", readonly=True)
