"""Keep locale/zh_CN.po of every addon complete.

locale/zh_CN.po is the source of the Chinese strings; English is the source
language (no en.po, as in Tryton).  When a test here fails, add the new
msgids with scripts/update_po.py and translate them in the .po.

The strings of each addon are read from its sources, without a database:
the ir.message texts of message.xml, the string, help and selection labels
of the fields declared in its .py files (with ast) and the string, help
and confirm attributes of its views.
"""
import ast
import os
import re
from pathlib import Path

import polib
import pytest
from lxml import etree

if os.environ.get('TRYTOND_DATABASE_URI', '').startswith('postgresql'):
    pytest.skip(
        "the .po files do not depend on the database: checked on SQLite",
        allow_module_level=True)

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent.name for p in (ROOT / 'addons').glob(
        '*/tryton.cfg'))
PLACEHOLDER = re.compile(r'%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]')

# Position of the string argument of a field class (default: the first)
STRING_POSITION = {
    'Many2One': 1,
    'One2Many': 2,
    'Many2Many': 3,
    'Selection': 1,
    'MultiSelection': 1,
    'Dict': 1,
    'One2One': 3,
    }
# The first argument of these is a field
WRAPPERS = {'Function', 'MultiValue'}
# Translatable fields of the records of the XML files
XML_FIELDS = {
    'ir.ui.menu': 'name',
    'ir.action.act_window': 'name',
    'ir.action.act_window.domain': 'name',
    'ir.action.wizard': 'name',
    'ir.action.report': 'name',
    'ir.model.button': 'string',
    'ir.rule.group': 'name',
    'res.group': 'name',
    'ir.message': 'text',
    }


def _field_name(call):
    func = call.func
    if (isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == 'fields'):
        return func.attr


def _constant(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value


def _field_strings(call, constants):
    """Yield (kind, text) of a fields.X(...) call

    constants maps the names of the module-level lists to their node"""
    name = _field_name(call)
    if name in WRAPPERS:
        if call.args and isinstance(call.args[0], ast.Call):
            yield from _field_strings(call.args[0], constants)
        return
    if not name or not name[0].isupper():
        return  # fields.depends and the like
    keywords = {k.arg: k.value for k in call.keywords}
    position = STRING_POSITION.get(name, 0)
    string = keywords.get('string')
    if string is None and len(call.args) > position:
        string = call.args[position]
    if (text := _constant(string)):
        yield 'field', text
    if (text := _constant(keywords.get('help'))):
        yield 'help', text
    if name in {'Selection', 'MultiSelection'}:
        selection = keywords.get('selection')
        if selection is None and call.args:
            selection = call.args[0]
        if isinstance(selection, ast.Name):
            selection = constants.get(selection.id)
        if isinstance(selection, (ast.List, ast.Tuple)):
            for item in selection.elts:
                if isinstance(item, ast.Tuple) and len(item.elts) == 2:
                    if (text := _constant(item.elts[1])):
                        yield 'selection', text


def source_strings(addon):
    "Return the set of (kind, text) an addon must have translated"
    path = ROOT / 'addons' / addon
    strings = set()
    trees = [ast.parse(py.read_text(encoding='utf-8'), str(py))
        for py in path.glob('*.py')]

    # Selections are often module constants, imported by other files
    def assignments(tree):
        return {node.targets[0].id: node.value for node in tree.body
            if isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)}
    shared = {}
    for tree in trees:
        shared.update(assignments(tree))
    for tree in trees:
        constants = {**shared, **assignments(tree)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                strings.update(_field_strings(node, constants))
                # Button("Cancel", 'end', ...) of the wizards
                if (isinstance(node.func, ast.Name)
                        and node.func.id == 'Button' and node.args
                        and (text := _constant(node.args[0]))):
                    strings.add(('wizard button', text))
    for xml in path.glob('*.xml'):
        tree = etree.parse(str(xml))
        for model, name in XML_FIELDS.items():
            for field in tree.xpath(
                    f'//record[@model="{model}"]/field[@name="{name}"]'):
                if field.text:
                    strings.add((model, field.text))
        for menu in tree.xpath('//menuitem[@name]'):
            strings.add(('ir.ui.menu', menu.get('name')))
    for view in path.glob('view/*.xml'):
        tree = etree.parse(str(view))
        for element in tree.iter(tag=etree.Element):
            for attr in ['string', 'help', 'confirm']:
                if element.get(attr):
                    strings.add(('view', element.get(attr)))
    return strings


def load_po(addon, lang, required=False):
    "Return the entries; a missing file fails the tests that require it"
    path = ROOT / 'addons' / addon / 'locale' / f'{lang}.po'
    if not path.exists():
        message = (f"{path.relative_to(ROOT)} is missing: "
            "run scripts/update_po.py")
        if required:
            pytest.fail(message)
        pytest.skip(message)
    return [e for e in polib.pofile(str(path)) if not e.obsolete]


@pytest.fixture(scope='module', params=ADDONS)
def addon(request):
    return request.param


def test_addons_found():
    assert ADDONS, "no addon with a tryton.cfg under addons/"


def test_zh_cn_complete(addon):
    entries = load_po(addon, 'zh_CN', required=True)
    assert entries, f"{addon}: zh_CN.po is empty"
    untranslated = [e.msgctxt for e in entries if not e.msgstr]
    assert not untranslated, (
        f"{addon}: {len(untranslated)} zh_CN msgstr missing: "
        + ', '.join(untranslated[:20]))
    fuzzy = [e.msgctxt for e in entries if 'fuzzy' in e.flags]
    assert not fuzzy, f"{addon}: fuzzy zh_CN entries: {fuzzy[:20]}"


def test_zh_cn_is_chinese(addon):
    "A msgstr made of letters only is likely a copy of the English"
    entries = load_po(addon, 'zh_CN')
    latin = re.compile(r'[A-Za-z]{3}')
    han = re.compile(r'[\u4e00-\u9fff]')
    copies = [e.msgid for e in entries
        if latin.search(e.msgstr) and not han.search(e.msgstr)
        and e.msgstr == e.msgid and len(e.msgid.split()) > 2]
    assert not copies, f"{addon}: zh_CN msgstr copied from en: {copies}"


def test_placeholders(addon):
    wrong = []
    for entry in load_po(addon, 'zh_CN'):
        expected = sorted(set(PLACEHOLDER.findall(entry.msgid)))
        found = sorted(set(PLACEHOLDER.findall(entry.msgstr)))
        if entry.msgstr and expected != found:
            wrong.append((entry.msgid, entry.msgstr))
    assert not wrong, f"{addon}/zh_CN: placeholders differ: {wrong}"


def test_zh_cn_covers_sources(addon):
    msgids = {e.msgid for e in load_po(addon, 'zh_CN')}
    missing = sorted(
        f'{kind}: {text!r}' for kind, text in source_strings(addon)
        if text not in msgids)
    assert not missing, (
        f"{addon}: zh_CN.po lacks {len(missing)} strings "
        "(run scripts/update_po.py):\n" + '\n'.join(missing))


def test_zh_cn_covers_messages(addon):
    "Each ir.message has its own entry"
    path = ROOT / 'addons' / addon / 'message.xml'
    if not path.exists():
        pytest.skip(f"{addon} has no message.xml")
    contexts = {e.msgctxt: e.msgid for e in load_po(addon, 'zh_CN')}
    tree = etree.parse(str(path))
    missing = []
    for record in tree.xpath('//record[@model="ir.message"]'):
        text = record.find('field[@name="text"]').text
        key = f"model:ir.message,text:{record.get('id')}"
        if contexts.get(key) != text:
            missing.append(record.get('id'))
    assert not missing, f"{addon}: messages missing or stale: {missing}"


def test_no_en_po(addon):
    "English is the source language: Tryton's modules ship no en.po"
    path = ROOT / 'addons' / addon / 'locale' / 'en.po'
    assert not path.exists(), f"{path.relative_to(ROOT)}: remove it"
