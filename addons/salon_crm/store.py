# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.cache import Cache
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, Unique, fields)
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.tools import timezone as tz
from trytond.transaction import Transaction

TIMEZONES = [(z, z) for z in sorted(tz.available_timezones())]

ROLES = [
    (None, ""),
    ('stylist', "Stylist"),
    ('therapist', "Therapist"),
    ('receptionist', "Receptionist"),
    ('manager', "Store Manager"),
    ]


class Store(DeactivableMixin, ModelSQL, ModelView):
    __name__ = 'salon.store'

    name = fields.Char("Name", required=True, translate=True)
    code = fields.Char("Code", required=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT')
    warehouse = fields.Many2One(
        'stock.location', "Warehouse", ondelete='RESTRICT',
        domain=[('type', '=', 'warehouse')])
    sale_points = fields.One2Many(
        'sale.point', 'salon_store', "Points of Sale",
        domain=[('company', '=', Eval('company', -1))])
    manager = fields.Many2One(
        'company.employee', "Manager", ondelete='SET NULL',
        domain=[('company', '=', Eval('company', -1))])
    address = fields.Many2One(
        'party.address', "Address", ondelete='SET NULL')
    phone = fields.Char("Phone")
    timezone = fields.Selection(
        TIMEZONES, "Timezone", required=True, translate=False)
    employees = fields.One2Many(
        'company.employee', 'salon_store', "Staff", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('code_unique', Unique(t, t.company, t.code),
                'salon_crm.msg_store_code_unique'),
            ]
        cls._order.insert(0, ('name', 'ASC'))

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_timezone(cls):
        pool = Pool()
        Company = pool.get('company.company')
        company_id = cls.default_company()
        if company_id is not None and company_id >= 0:
            company = Company(company_id)
            if company.timezone:
                return company.timezone
        return 'Asia/Shanghai'

    @property
    def tzinfo(self):
        return tz.ZoneInfo(self.timezone)

    @property
    def storage_location(self):
        "The storage location of the store's warehouse, or None"
        if self.warehouse:
            return self.warehouse.storage_location

    def get_rec_name(self, name):
        return self.name

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return [bool_op,
            ('name', *clause[1:]),
            ('code', *clause[1:]),
            ]

    @classmethod
    def on_modification(cls, mode, stores, field_names=None):
        super().on_modification(mode, stores, field_names=field_names)
        Pool().get('res.user')._get_salon_stores_cache.clear()


class SalePoint(metaclass=PoolMeta):
    __name__ = 'sale.point'

    salon_store = fields.Many2One(
        'salon.store', "Store", ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))])


class Employee(metaclass=PoolMeta):
    __name__ = 'company.employee'

    salon_store = fields.Many2One(
        'salon.store', "Store", ondelete='SET NULL',
        domain=[('company', '=', Eval('company', -1))])
    salon_role = fields.Selection(ROLES, "Salon Role")


class User(metaclass=PoolMeta):
    __name__ = 'res.user'

    salon_stores = fields.Many2Many(
        'res.user-salon.store', 'user', 'store', "Stores",
        help="The stores whose clients, bookings and sales the user may "
        "see.")
    _get_salon_stores_cache = Cache(
        __name__ + '.get_salon_stores', context=False)
    # the record rules ask both for each search: read them once
    _get_salon_employees_cache = Cache(
        __name__ + '.get_salon_employees', context=False)

    @classmethod
    def get_salon_stores(cls):
        "Return the ids of the stores of the current user"
        user_id = Transaction().user
        stores = cls._get_salon_stores_cache.get(user_id)
        if stores is not None:
            return stores
        user = cls(user_id)
        stores = tuple(sorted(s.id for s in user.salon_stores))
        return cls._get_salon_stores_cache.set(user_id, stores)

    @classmethod
    def get_salon_employees(cls):
        "Return the ids of the employees the current user acts as"
        user_id = Transaction().user
        employees = cls._get_salon_employees_cache.get(user_id)
        if employees is not None:
            return employees
        user = cls(user_id)
        employees = {e.id for e in user.employees}
        if user.employee:
            employees.add(user.employee.id)
        return cls._get_salon_employees_cache.set(
            user_id, tuple(sorted(employees)))

    @classmethod
    def on_modification(cls, mode, users, field_names=None):
        super().on_modification(mode, users, field_names=field_names)
        cls._get_salon_stores_cache.clear()
        cls._get_salon_employees_cache.clear()


class UserEmployee(metaclass=PoolMeta):
    __name__ = 'res.user-company.employee'

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        Pool().get('res.user')._get_salon_employees_cache.clear()


class UserStore(ModelSQL):
    __name__ = 'res.user-salon.store'

    user = fields.Many2One(
        'res.user', "User", required=True, ondelete='CASCADE')
    store = fields.Many2One(
        'salon.store', "Store", required=True, ondelete='CASCADE')

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        Pool().get('res.user')._get_salon_stores_cache.clear()


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.domain.help += (
            '\n- "salon_stores" as list of store ids of the current user'
            '\n- "salon_employees" as list of employee ids of the current '
            'user')

    @classmethod
    def _get_cache_key(cls, model_names):
        pool = Pool()
        User = pool.get('res.user')
        key = super()._get_cache_key(model_names)
        return (*key, User.get_salon_stores(), User.get_salon_employees())

    @classmethod
    def _get_context(cls, model_name):
        pool = Pool()
        User = pool.get('res.user')
        context = super()._get_context(model_name)
        context['salon_stores'] = User.get_salon_stores()
        context['salon_employees'] = User.get_salon_employees()
        return context
