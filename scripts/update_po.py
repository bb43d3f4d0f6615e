#!/usr/bin/env python3
"""Add the new strings of the salon addons to their locale/zh_CN.po.

locale/zh_CN.po of an addon is the source of its Chinese strings: edit it
as any gettext catalogue.  English is the source language, as in Tryton:
the addons ship no en.po.

For each addon (default: every addon with a tryton.cfg, in dependency
order) a throw-away SQLite database is built and the addon activated with
its dependencies.  Then, as a translator would in the client:

1. "Set Translations" (wizard ir.translation.set) puts the strings of the
   views and reports in ir.translation (fields, selections, help, models,
   messages, menus, actions and buttons are put there by the activation);
2. "Update Translations" (wizard ir.translation.update) for zh_CN creates
   the zh_CN rows from the source (en) rows;
3. "Export Translations" (ir.translation.translation_export) gives the
   zh_CN catalogue of the module, every msgstr empty (the current file is
   not loaded): the template of the module.

The template is merged into locale/zh_CN.po as msgmerge merges one:

- an entry of the file (same msgctxt and msgid) is kept as it is;
- a new entry is added with an empty msgstr; with --compendium its msgstr
  is the translation of the same msgid in the catalogues of the salon
  addons, marked fuzzy (as msgmerge --compendium suggests);
- an entry the module no longer has is made obsolete (#~): Tryton ignores
  it and its translation stays at hand; --prune drops it.

Then translate the empty msgstr and review the fuzzy ones (remove the
flag): tests/test_translations.py fails while one is left.  The words of
shared/GLOSSARY.md are the ones to use.

Usage: .venv/bin/python scripts/update_po.py [options] [addon ...]
  --check       write nothing; exit 1 if a zh_CN.po would change or has
                an empty or fuzzy msgstr
  --compendium  suggest the known translation of each new msgid (fuzzy)
  --prune       drop the obsolete entries

The activation runs in a child process (trytond reads its configuration at
import); each next addon starts from a copy of the previous database, so
salon_booking only activates itself on top of salon_crm.
"""
import argparse
import configparser
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / 'addons'
LANG = 'zh_CN'
DB_NAME = 'update_po'


# --------------------------------------------------------------- worker
def worker(addon, db_dir, out_file):
    "Run in a child process: activate addon, set, update and export"
    os.environ['TRYTOND_DATABASE_URI'] = 'sqlite://'
    os.environ['TRYTOND_DATABASE__PATH'] = db_dir
    os.environ['DB_NAME'] = DB_NAME
    os.environ.pop('DB_CACHE', None)
    os.environ.pop('TRYTOND_CONFIG', None)
    from trytond.ir.translation import Translation as BaseTranslation
    from trytond.pool import Pool
    from trytond.tests.test_tryton import activate_module
    from trytond.transaction import Transaction

    # The export must be the template of the module: the current zh_CN.po
    # is merged afterwards, so loading it at activation is skipped.
    translation_import = BaseTranslation.translation_import.__func__

    @classmethod
    def skip_import(cls, lang, module, po_path):
        if lang == LANG:
            return 0
        return translation_import(cls, lang, module, po_path)
    BaseTranslation.translation_import = skip_import

    activate_module([addon])
    with Transaction().start(DB_NAME, 0, context={}) as transaction:
        pool = Pool()
        Lang = pool.get('ir.lang')
        Translation = pool.get('ir.translation')
        TranslationSet = pool.get('ir.translation.set', type='wizard')
        TranslationUpdate = pool.get(
            'ir.translation.update', type='wizard')

        lang, = Lang.search([('code', '=', LANG)])
        Lang.write([lang], {'translatable': True})

        session_id, _, _ = TranslationSet.create()
        TranslationSet(session_id).transition_set_()
        TranslationSet.delete(session_id)

        session_id, _, _ = TranslationUpdate.create()
        update = TranslationUpdate(session_id)
        update.start.language = lang
        update.do_update({})
        TranslationUpdate.delete(session_id)

        content = Translation.translation_export(LANG, addon)
        result = content.decode('utf-8') if content else ''
        transaction.commit()
    Path(out_file).write_text(json.dumps(result), encoding='utf-8')


def verify(addon, db_dir):
    """Run in a child process: load the written zh_CN.po into the database
    of the export, as an activation with zh_CN does, and check that Tryton
    returns its strings"""
    os.environ['TRYTOND_DATABASE_URI'] = 'sqlite://'
    os.environ['TRYTOND_DATABASE__PATH'] = db_dir
    os.environ['DB_NAME'] = DB_NAME
    os.environ.pop('TRYTOND_CONFIG', None)
    import polib
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    Pool(DB_NAME).init()
    with Transaction().start(DB_NAME, 0, context={}, readonly=False):
        pool = Pool()
        Translation = pool.get('ir.translation')
        Message = pool.get('ir.message')
        path = po_path(addon)
        Translation.translation_import(LANG, addon, [str(path)])
        expected = {}
        for entry in polib.pofile(str(path)):
            prefix = 'model:ir.message,text:'
            if (not entry.obsolete and entry.msgstr
                    and entry.msgctxt.startswith(prefix)):
                expected[entry.msgctxt[len(prefix):]] = entry.msgstr
        wrong = []
        with Transaction().set_context(language=LANG):
            for fs_id, msgstr in expected.items():
                got = Message.gettext(addon, fs_id, LANG)
                if got != msgstr:
                    wrong.append((fs_id, got, msgstr))
        Transaction().rollback()
    if wrong:
        sys.exit(f'{addon}: zh_CN messages not loaded: {wrong[:5]}')
    print(f'{addon}: zh_CN.po loads; {len(expected)} messages checked '
        'through ir.message')


# --------------------------------------------------------------- merge
def po_path(addon):
    return ADDONS / addon / 'locale' / f'{LANG}.po'


def po_text(entries):
    "Format entries as translation_export does (obsolete ones last)"
    from trytond.ir.translation import TrytonPOFile
    pofile = TrytonPOFile(wrapwidth=78)
    pofile.metadata = {'Content-Type': 'text/plain; charset=utf-8'}
    for entry in entries:
        pofile.append(entry)
    pofile.sort()
    return str(pofile) + '\n' if len(pofile) else ''


def compendium(addons):
    """Return the translation of each msgid in the zh_CN.po of addons,
    the most used one where they differ"""
    import polib
    found = defaultdict(Counter)
    for addon in addons:
        if po_path(addon).exists():
            for entry in polib.pofile(str(po_path(addon))):
                if entry.msgstr and 'fuzzy' not in entry.flags:
                    found[entry.msgid][entry.msgstr] += 1
    return {msgid: counter.most_common(1)[0][0]
        for msgid, counter in found.items()}


def merge(addon, template, suggestions=None, prune=False):
    """Return (text, added, obsolete, untranslated) for the new
    locale/zh_CN.po of addon; the lists hold the msgids"""
    import polib
    current = {}
    path = po_path(addon)
    if path.exists():
        current = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path))}
    entries, added, untranslated = [], [], []
    for entry in (polib.pofile(template) if template else []):
        key = entry.msgctxt, entry.msgid
        if key in current:
            entry = current.pop(key)
            entry.obsolete = False
        else:
            entry.msgstr = ''
            if 'fuzzy' in entry.flags:
                entry.flags.remove('fuzzy')
            if suggestions and entry.msgid in suggestions:
                entry.msgstr = suggestions[entry.msgid]
                entry.flags.append('fuzzy')
            added.append(entry.msgid)
        if not entry.msgstr or 'fuzzy' in entry.flags:
            untranslated.append(entry.msgid)
        entries.append(entry)
    obsolete = []
    for entry in current.values():
        if prune or not entry.msgstr:
            continue
        if not entry.obsolete:
            obsolete.append(entry.msgid)
        entry.obsolete = True
        entries.append(entry)
    return po_text(entries), added, obsolete, untranslated


# --------------------------------------------------------------- driver
def addon_depends(addon):
    cfg = configparser.ConfigParser()
    cfg.read(ADDONS / addon / 'tryton.cfg')
    return set(cfg.get('tryton', 'depends', fallback='').split())


def default_addons():
    return sorted(p.parent.name for p in ADDONS.glob('*/tryton.cfg'))


def dependency_order(addons):
    known = set(default_addons())
    ordered, todo = [], list(addons)
    while todo:
        for addon in todo:
            if not (addon_depends(addon) & known) - set(ordered):
                break
        else:
            addon = todo[0]  # cycle or missing addon: let Tryton tell
        ordered.append(addon)
        todo.remove(addon)
        known.add(addon)
    return ordered


def export(addon, tmp, previous):
    "Activate addon in a child process; return the exported template"
    db_dir = os.path.join(tmp, addon)
    os.makedirs(db_dir)
    if previous:
        shutil.copy(os.path.join(previous, DB_NAME + '.sqlite'), db_dir)
    out = os.path.join(tmp, addon + '.json')
    print(f'{addon}: activating and exporting...', flush=True)
    proc = subprocess.run(
        [sys.executable, __file__, '--worker', addon, db_dir, out],
        capture_output=True, text=True)
    if proc.returncode:
        print(f'{addon}: SKIPPED, activation failed:\n'
            + '\n'.join(proc.stderr.splitlines()[-15:]), file=sys.stderr)
        return None
    return json.loads(Path(out).read_text(encoding='utf-8'))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('addons', nargs='*')
    parser.add_argument('--check', action='store_true')
    parser.add_argument('--compendium', action='store_true')
    parser.add_argument('--prune', action='store_true')
    parser.add_argument('--worker', nargs=3, help=argparse.SUPPRESS)
    parser.add_argument('--verify', nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return 0
    if args.verify:
        verify(*args.verify)
        return 0

    addons = dependency_order(args.addons or default_addons())
    suggestions = compendium(default_addons()) if args.compendium else None
    status = 0
    with tempfile.TemporaryDirectory(prefix='update_po-') as tmp:
        previous = None  # database directory of the last activation
        for addon in addons:
            template = export(addon, tmp, previous)
            if template is None:
                status = 2
                continue
            previous = os.path.join(tmp, addon)
            text, added, obsolete, untranslated = merge(
                addon, template, suggestions, args.prune)
            path = po_path(addon)
            current = (path.read_text(encoding='utf-8')
                if path.exists() else None)
            changed = current != text
            print(f'{addon}/{LANG}.po: {text.count(chr(10) + "msgctxt ")} '
                f'entries, {len(added)} new, {len(obsolete)} made obsolete, '
                f'{len(untranslated)} to translate'
                + (', changed' if changed else ''))
            for msgid in untranslated:
                print(f'    to translate: {msgid!r}')
            for msgid in obsolete:
                print(f'    obsolete: {msgid!r}')
            if args.check:
                if changed or untranslated:
                    status = status or 1
                continue
            if changed:
                path.parent.mkdir(exist_ok=True)
                path.write_text(text, encoding='utf-8')
            proc = subprocess.run([sys.executable, __file__,
                    '--verify', addon, previous])
            status = status or proc.returncode
    return status


if __name__ == '__main__':
    sys.exit(main())
