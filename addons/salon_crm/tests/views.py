# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Every view of an addon must open in sao, the web client."""
from lxml import etree

from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction

# The widgets of sao 8.0 (Sao.View.TreeXMLViewParser.WIDGETS and
# Sao.View.FormXMLViewParser.WIDGETS in tryton-sao.js): a field whose
# widget, or type when it has none, is missing there makes sao throw
# "ColumnFactory is not a constructor" and the view never opens.  A list
# shows a datetime as two columns, widget="date" and widget="time", as
# Tryton's own lists do (ir/view/cron_list.xml).
SAO_WIDGETS = {
    'tree': {
        'binary', 'boolean', 'callto', 'char', 'date', 'dict', 'email',
        'float', 'image', 'integer', 'many2many', 'many2one', 'numeric',
        'one2many', 'one2one', 'progressbar', 'reference', 'selection',
        'multiselection', 'sip', 'text', 'time', 'timedelta', 'url',
        },
    'form': {
        'binary', 'boolean', 'callto', 'char', 'color', 'date', 'datetime',
        'dict', 'document', 'email', 'float', 'html', 'image', 'integer',
        'many2many', 'many2one', 'multiselection', 'numeric', 'one2many',
        'one2one', 'password', 'progressbar', 'pyson', 'reference',
        'richtext', 'selection', 'sip', 'text', 'time', 'timedelta',
        'timestamp', 'url',
        },
    }


def sao_view_problems(module):
    """Return (view, field, widget) for each field of the module's views
    (with the parts other modules add to them) that sao has no widget for
    """
    pool = Pool()
    View = pool.get('ir.ui.view')
    problems = []
    views = View.search([
            ('module', '=', module),
            ('type', 'in', list(SAO_WIDGETS)),
            ])
    # An inheriting view of the module is checked through the view it
    # extends, as the client receives them merged.
    roots = set()
    for view in View.search([
                ('module', '=', module),
                ('inherit', '!=', None),
                ]):
        if view.inherit.model == view.model:
            roots.add(view.inherit)
    roots.update(v for v in views if not v.inherit and v.model)
    for view in sorted(roots, key=lambda v: v.id):
        Model = pool.get(view.model)
        result = Model.fields_view_get(view.id)
        tree = etree.fromstring(result['arch'])
        widgets = SAO_WIDGETS.get(result['type'])
        if widgets is None:
            continue
        for element in tree.iter('field'):
            name = element.get('name')
            field = result['fields'].get(name)
            if not field:
                continue
            widget = element.get('widget') or field['type']
            if widget not in widgets:
                problems.append((
                        view.name or view.model, name, widget))
    return problems


class SaoViewsTestMixin:
    "Check that sao has a widget for every field of the module's views"

    @with_transaction()
    def test_views_open_in_sao(self):
        "Every field of the module's views has a widget in sao"
        self.assertEqual(sao_view_problems(self.module), [])
