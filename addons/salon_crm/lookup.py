# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Chain-wide service: the front desk of any store finds a member of the
chain by exact mobile or card number; the look-up grants the user's stores
the client (salon.client.lookup is the audit record and the grant)."""
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import PYSONEncoder
from trytond.rpc import RPC
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateAction, StateView, Wizard

from .exceptions import LookupAccessError, LookupError_
from .party import HEALTH_FIELDS, normalize_phone

# The groups of the front desk: they serve the members of the chain.
FRONT_DESK_GROUPS = [
    'group_salon_hq', 'group_salon_manager', 'group_salon_reception']
# What another store sees of a client it serves: the allergies, not the
# other health notes.
SERVED_HIDDEN = [f for f in HEALTH_FIELDS if f != 'salon_allergies']


class ClientLookup(ModelSQL, ModelView):
    "Look-up of a client by another store (audit record and grant)"
    __name__ = 'salon.client.lookup'

    client = fields.Many2One(
        'party.party', "Client", required=True, readonly=True,
        ondelete='CASCADE')
    store = fields.Many2One(
        'salon.store', "Store", required=True, readonly=True,
        ondelete='CASCADE',
        help="The store that served the client.")
    user = fields.Many2One(
        'res.user', "User", required=True, readonly=True,
        ondelete='RESTRICT')
    home_store = fields.Many2One(
        'salon.store', "Home Store", readonly=True, ondelete='SET NULL')
    kind = fields.Selection([
            ('phone', "Mobile Number"),
            ('card', "Card Number"),
            ], "Found By", required=True, readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('create_date', 'DESC'))
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.client, Index.Range()), (t.store, Index.Range())))


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    salon_served_stores = fields.Many2Many(
        'salon.client.lookup', 'client', 'store', "Served In",
        readonly=True,
        help="The other stores of the chain that looked the client up.")
    salon_own_store = fields.Function(fields.Boolean(
            "Of My Stores",
            help="The client's home store is one of the user's stores "
            "(for a stylist: her own clients)."),
        'get_salon_own_store', searcher='search_salon_own_store')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__rpc__['salon_lookup'] = RPC(readonly=False)

    @classmethod
    def read(cls, ids, fields_names):
        pool = Pool()
        User = pool.get('res.user')
        result = super().read(ids, fields_names)
        hidden = [f for f in SERVED_HIDDEN
            if f in (fields_names or cls._fields)]
        if not hidden or not result or cls._salon_sees_every_store():
            return result
        stores = set(User.get_salon_stores())
        if all('salon_client' in r and 'salon_home_store' in r
                for r in result):
            others = {r['id'] for r in result
                if r['salon_client'] and r['salon_home_store'] not in stores}
        else:
            with without_check_access():
                others = {p.id for p in cls.search([
                            ('id', 'in', ids),
                            ('salon_client', '=', True),
                            ['OR',
                                ('salon_home_store', 'not in', list(stores)),
                                ('salon_home_store', '=', None),
                                ],
                            ])}
        for row in result:
            if row['id'] in others:
                row.update(dict.fromkeys(hidden))
        return result

    @classmethod
    def _salon_sees_every_store(cls):
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        if not Transaction().user:
            return True
        hq = ModelData.get_id('salon_crm', 'group_salon_hq')
        return hq in User.get_groups() or not User.get_salon_stores()

    @classmethod
    def get_salon_own_store(cls, parties, name):
        pool = Pool()
        User = pool.get('res.user')
        if cls._salon_sees_every_store():
            return {p.id: True for p in parties}
        stores = set(User.get_salon_stores())
        employees = cls._salon_owner_employees()
        return {
            p.id: bool(p.salon_home_store)
            and p.salon_home_store.id in stores
            and (employees is None
                or (p.salon_stylist and p.salon_stylist.id in employees))
            for p in parties}

    @classmethod
    def _salon_owner_employees(cls):
        '''Return the employees whose own clients are the user's (a stylist
        lists her own clients), or None for the front desk'''
        pool = Pool()
        User = pool.get('res.user')
        if cls._salon_front_desk():
            return None
        return set(User.get_salon_employees())

    @classmethod
    def _salon_front_desk(cls):
        "Tell whether the user is in a group of the front desk"
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        desk = {ModelData.get_id('salon_crm', g) for g in FRONT_DESK_GROUPS}
        return bool(desk & set(User.get_groups()))

    @classmethod
    def search_salon_own_store(cls, name, clause):
        pool = Pool()
        User = pool.get('res.user')
        _, operator, value = clause
        positive = (operator == '=') == bool(value)
        if cls._salon_sees_every_store():
            return [] if positive else [('id', '=', -1)]
        stores = list(User.get_salon_stores())
        employees = cls._salon_owner_employees()
        if positive:
            domain = [('salon_home_store', 'in', stores)]
            if employees is not None:
                domain.append(('salon_stylist', 'in', list(employees)))
            return domain
        domain = ['OR',
            ('salon_home_store', 'not in', stores),
            ('salon_home_store', '=', None),
            ]
        if employees is not None:
            domain += [
                ('salon_stylist', 'not in', list(employees)),
                ('salon_stylist', '=', None),
                ]
        return domain

    @classmethod
    def _salon_lookup_find(cls, number):
        """Return the clients and how they were found by number,
        a mobile phone or, in the addons that have them, a card number"""
        number = (number or '').strip()
        phone = normalize_phone(number)
        if phone:
            clients = [p for p in cls.search_salon_phone(phone)
                if p.salon_client]
            if clients:
                return clients, 'phone'
        return [], None

    @classmethod
    def salon_lookup(cls, number):
        """Find a member of the chain by exact mobile or card number.

        Return what serving the client needs (a dict); a client of another
        store is granted to the user's stores and the look-up is logged."""
        pool = Pool()
        User = pool.get('res.user')
        Lookup = pool.get('salon.client.lookup')
        transaction = Transaction()
        user_id = transaction.user
        if (user_id and transaction.check_access
                and not cls._salon_front_desk()):
            raise LookupAccessError(gettext('salon_crm.msg_lookup_denied'))
        # The client is not yet readable by the user: it is granted here.
        with without_check_access():
            clients, kind = cls._salon_lookup_find(number)
            if not clients:
                raise LookupError_(gettext(
                        'salon_crm.msg_lookup_not_found', number=number))
            if len(clients) > 1:
                raise LookupError_(gettext(
                        'salon_crm.msg_lookup_several', number=number,
                        clients=', '.join(c.rec_name for c in clients[:5])))
            client, = clients
            stores = User.get_salon_stores() if user_id else ()
            home = client.salon_home_store
            if stores and not (home and home.id in stores):
                Lookup.create([{
                            'client': client.id, 'store': s,
                            'user': user_id,
                            'home_store': home.id if home else None,
                            'kind': kind,
                            } for s in stores])
            return cls._salon_lookup_values(client)

    @classmethod
    def _salon_lookup_values(cls, client):
        "Return what the front desk needs to serve the client"
        return {
            'id': client.id,
            'name': client.rec_name,
            'home_store': (
                client.salon_home_store.rec_name
                if client.salon_home_store else None),
            'allergies': client.salon_allergies or '',
            }


class ClientLookupStart(ModelView):
    "Find a Member"
    __name__ = 'salon.client.lookup.start'

    number = fields.Char(
        "Mobile or Card Number", required=True,
        help="The member's mobile number or stored-value card number.")


class ClientLookupResult(ModelView):
    "Member"
    __name__ = 'salon.client.lookup.result'

    client = fields.Many2One('party.party', "Client", readonly=True)
    home_store = fields.Char("Home Store", readonly=True)
    allergies = fields.Text("Allergies", readonly=True)

    @classmethod
    def from_lookup(cls, values):
        return {
            'client': values['id'],
            'home_store': values['home_store'],
            'allergies': values['allergies'],
            }


class ClientLookupWizard(Wizard):
    "Find a Member"
    __name__ = 'salon.client.lookup.wizard'

    start = StateView('salon.client.lookup.start',
        'salon_crm.client_lookup_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Find", 'find', 'tryton-search', default=True),
            ])
    find = StateView('salon.client.lookup.result',
        'salon_crm.client_lookup_result_view_form', [
            Button("Close", 'end', 'tryton-close'),
            Button("Find Another", 'start', 'tryton-back'),
            Button("Open Client", 'open_', 'tryton-forward', default=True),
            ])
    open_ = StateAction('salon_crm.act_client_form')

    def default_start(self, fields):
        return {}

    def default_find(self, fields):
        pool = Pool()
        Party = pool.get('party.party')
        Result = pool.get('salon.client.lookup.result')
        values = Party.salon_lookup(self.start.number)
        return Result.from_lookup(values)

    def do_open_(self, action):
        action['domains'] = []
        action['pyson_domain'] = PYSONEncoder().encode(
            [('id', '=', self.find.client.id)])
        action['views'].reverse()
        return action, {}

    def transition_open_(self):
        return 'end'
