# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime as dt

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Workflow, fields)
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction

from .exceptions import FollowupValidationError

CHANNELS = [
    ('phone', "Phone"),
    ('sms', "SMS"),
    ('wechat', "WeChat"),
    ('email', "E-mail"),
    ('visit', "In Store"),
    ]


class FollowupRule(DeactivableMixin, ModelSQL, ModelView):
    "When to contact a client after a visit"
    __name__ = 'salon.followup.rule'

    store = fields.Many2One(
        'salon.store', "Store", ondelete='CASCADE',
        help="Leave empty for the rules of every store without its own.")
    delay_hours = fields.Integer(
        "Delay (hours)", required=True,
        domain=[('delay_hours', '>', 0)],
        help="Hours after the sale when the client is contacted.")
    channel = fields.Selection(CHANNELS, "Channel", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('store', 'ASC NULLS FIRST'), ('delay_hours', 'ASC'),
            ('id', 'ASC')]

    @classmethod
    def default_channel(cls):
        return 'phone'

    @classmethod
    def rules_by_store(cls, stores):
        "Return a dictionary of store id to the rules that apply to it"
        rules = cls.search([])
        default = [r for r in rules if not r.store]
        result = {}
        for store in stores:
            own = [r for r in rules if r.store == store]
            result[store.id] = own or default
        return result


class Followup(Workflow, ModelSQL, ModelView):
    "Contact with a client after a visit or to re-activate the client"
    __name__ = 'salon.followup'

    _states = {'readonly': Eval('state') != 'planned'}

    client = fields.Many2One(
        'party.party', "Client", required=True, ondelete='CASCADE',
        domain=[('salon_client', '=', True)], states=_states,
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    store = fields.Many2One(
        'salon.store', "Store", required=True, ondelete='RESTRICT',
        states=_states)
    company = fields.Function(fields.Many2One(
            'company.company', "Company"), 'on_change_with_company',
        searcher='search_company')
    sale = fields.Many2One(
        'sale.point.sale', "Sale", ondelete='SET NULL', readonly=True)
    employee = fields.Many2One(
        'company.employee', "Employee", ondelete='SET NULL',
        states=_states, help="Who contacts the client.")
    kind = fields.Selection([
            ('after_visit', "After Visit"),
            ('reactivation', "Re-activation"),
            ], "Kind", required=True, states=_states)
    planned = fields.DateTime("Planned", required=True, states=_states)
    channel = fields.Selection(
        CHANNELS, "Channel", required=True, states=_states)
    state = fields.Selection([
            ('planned', "Planned"),
            ('done', "Done"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)
    result = fields.Selection([
            (None, ""),
            ('reached', "Reached"),
            ('no_answer', "No Answer"),
            ('refused', "Refused"),
            ], "Result", states=_states)
    rating = fields.Integer(
        "Rating",
        domain=[If(Bool(Eval('rating')),
                [('rating', '>=', 1), ('rating', '<=', 5)], [])],
        states={
            'readonly': _states['readonly'],
            'invisible': Eval('result') != 'reached',
            },
        help="Satisfaction from 1 (very unhappy) to 5 (very happy).")
    feedback = fields.Text("Feedback", states=_states)
    done_date = fields.DateTime("Done On", readonly=True)
    escalated_to = fields.Many2One(
        'company.employee', "Escalated To", readonly=True,
        ondelete='SET NULL')
    complaint = fields.Many2One(
        'sale.complaint', "Complaint", readonly=True, ondelete='SET NULL')
    sla_due = fields.DateTime("SLA Due", readonly=True)
    overdue = fields.Boolean("Overdue", readonly=True)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.state, Index.Equality(cardinality='low')),
                    (t.planned, Index.Range())),
                Index(t, (t.client, Index.Range())),
                })
        cls._order = [('planned', 'ASC'), ('id', 'ASC')]
        cls._transitions |= {
            ('planned', 'done'),
            ('planned', 'cancelled'),
            ('cancelled', 'planned'),
            }
        cls._buttons.update({
                'do': {
                    'invisible': Eval('state') != 'planned',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'planned',
                    'depends': ['state'],
                    },
                'replan': {
                    'invisible': Eval('state') != 'cancelled',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'planned'

    @classmethod
    def default_kind(cls):
        return 'after_visit'

    @classmethod
    def default_channel(cls):
        return 'phone'

    @classmethod
    def default_overdue(cls):
        return False

    @fields.depends('store')
    def on_change_with_company(self, name=None):
        return self.store.company if self.store else None

    @classmethod
    def search_company(cls, name, clause):
        return [('store.company',) + tuple(clause[1:])]

    def get_rec_name(self, name):
        return '%s @ %s' % (self.client.rec_name, self.planned)

    @classmethod
    def validate_fields(cls, followups, field_names):
        super().validate_fields(followups, field_names)
        cls.check_result(followups, field_names)

    @classmethod
    def check_result(cls, followups, field_names=None):
        if field_names and not (field_names & {'state', 'result', 'rating'}):
            return
        for followup in followups:
            if followup.state == 'done' and not followup.result:
                raise FollowupValidationError(gettext(
                        'salon_crm.msg_followup_result_required',
                        followup=followup.rec_name))
            if (followup.rating is not None
                    and not 1 <= followup.rating <= 5):
                raise FollowupValidationError(gettext(
                        'salon_crm.msg_followup_rating_range',
                        followup=followup.rec_name))

    @classmethod
    def plan_after_sales(cls, sales):
        "Plan the follow-ups of the posted sales of clients"
        pool = Pool()
        Rule = pool.get('salon.followup.rule')
        sales = [s for s in sales
            if s.salon_client and s.point.salon_store]
        if not sales:
            return []
        stores = {s.point.salon_store for s in sales}
        rules = Rule.rules_by_store(stores)
        now = dt.datetime.now()
        followups = []
        for sale in sales:
            store = sale.point.salon_store
            # The visit happened at the sale, the contact counts from now
            # as the sale may be posted later than it was made.
            for rule in rules[store.id]:
                followups.append(cls(
                        client=sale.salon_client,
                        store=store,
                        sale=sale,
                        employee=cls._sale_employee(sale),
                        kind='after_visit',
                        planned=now + dt.timedelta(hours=rule.delay_hours),
                        channel=rule.channel))
        cls.save(followups)
        return followups

    @classmethod
    def _sale_employee(cls, sale):
        for line in sale.lines:
            if line.salon_stylist:
                return line.salon_stylist
        return sale.employee

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    def do(cls, followups):
        now = dt.datetime.now()
        for followup in followups:
            followup.done_date = now
        cls.save(followups)
        cls.escalate([f for f in followups
                if f.rating is not None and f.rating <= 2])

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, followups):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('planned')
    def replan(cls, followups):
        pass

    @classmethod
    def escalate(cls, followups):
        "Open a complaint for the store manager with an SLA due date"
        pool = Pool()
        Complaint = pool.get('sale.complaint')
        Configuration = pool.get('salon.configuration')
        ModelData = pool.get('ir.model.data')
        if not followups:
            return
        config = Configuration(1)
        type_id = ModelData.get_id('salon_crm', 'complaint_type_followup')
        now = dt.datetime.now()
        complaints = []
        for followup in followups:
            complaints.append(Complaint(
                    customer=followup.client,
                    company=followup.store.company,
                    type=type_id,
                    date=now.date(),
                    reference=followup.sale.number if followup.sale else None,
                    description=gettext(
                        'salon_crm.msg_followup_complaint_description',
                        store=followup.store.rec_name,
                        rating=followup.rating,
                        feedback=followup.feedback or '')))
        with Transaction().set_context(_check_access=False):
            Complaint.save(complaints)
        for followup, complaint in zip(followups, complaints):
            followup.complaint = complaint
            followup.escalated_to = followup.store.manager
            followup.sla_due = now + dt.timedelta(
                hours=config.complaint_sla_hours)
        cls.save(followups)

    @classmethod
    def flag_overdue(cls, now=None):
        "Flag the escalations whose complaint is still open after the SLA"
        if now is None:
            now = dt.datetime.now()
        followups = cls.search([
                ('complaint', '!=', None),
                ('complaint.state', 'in', ['draft', 'waiting']),
                ('sla_due', '<', now),
                ('overdue', '=', False),
                ])
        cls.write(followups, {'overdue': True})
        return followups
