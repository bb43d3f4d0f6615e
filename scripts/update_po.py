#!/usr/bin/env python3
"""Regenerate addons/<addon>/locale/{zh_CN,en}.po the way Tryton does.

For each addon (default: every addon with a tryton.cfg, in dependency
order) a throw-away SQLite database is built and the addon activated with
its dependencies.  Then, as a translator would in the client:

1. "Set Translations" (wizard ir.translation.set) puts the strings of the
   views and reports in ir.translation (fields, selections, help, models,
   messages, menus, actions and buttons are put there by the activation);
2. "Update Translations" (wizard ir.translation.update) for zh_CN creates
   the zh_CN rows from the source (en) rows;
3. "Export Translations" (ir.translation.translation_export) gives the .po
   of the module for zh_CN and for en.

The exported entries are merged with the current locale/*.po: a msgstr
already translated is kept (same msgctxt and msgid), entries no longer in
the module are dropped.  Empty zh_CN msgstr are filled from
scripts/po_zh_CN.py (CONTEXTS by msgctxt and msgid, else TRANSLATIONS by
msgid) and reported when still missing; en msgstr are the msgid itself,
en being the source language.

Usage: .venv/bin/python scripts/update_po.py [--check] [addon ...]
  --check      write nothing; exit 1 if a .po would change or a zh_CN
               msgstr is missing
  --retranslate  let the dictionary override the existing zh_CN msgstr
  --no-db      skip the database: re-merge the current .po files only
               (to apply a change of the dictionary quickly)

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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / 'addons'
LANGS = ['zh_CN', 'en']
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

    # Loading the current .po at activation would delete the en (source)
    # rows missing from en.po (new strings never exported) and keep the
    # stale zh_CN rows: the current files are merged afterwards instead.
    translation_import = BaseTranslation.translation_import.__func__

    @classmethod
    def skip_import(cls, lang, module, po_path):
        if lang in LANGS:
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

        langs = Lang.search([('code', 'in', LANGS)])
        Lang.write(langs, {'translatable': True})

        session_id, _, _ = TranslationSet.create()
        TranslationSet(session_id).transition_set_()
        TranslationSet.delete(session_id)

        zh_cn, = Lang.search([('code', '=', 'zh_CN')])
        session_id, _, _ = TranslationUpdate.create()
        update = TranslationUpdate(session_id)
        update.start.language = zh_cn
        update.do_update({})
        TranslationUpdate.delete(session_id)

        result = {}
        for lang in LANGS:
            content = Translation.translation_export(lang, addon)
            result[lang] = content.decode('utf-8') if content else ''
        transaction.commit()
    Path(out_file).write_text(json.dumps(result), encoding='utf-8')


def verify(addon, db_dir):
    """Run in a child process: load the written .po files into the
    database of the export, as an activation with these languages does,
    and check that Tryton returns the zh_CN strings"""
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
        for lang in LANGS:
            path = ADDONS / addon / 'locale' / f'{lang}.po'
            if path.exists():
                Translation.translation_import(lang, addon, [str(path)])
        path = ADDONS / addon / 'locale' / 'zh_CN.po'
        expected = {}
        for entry in polib.pofile(str(path)):
            prefix = 'model:ir.message,text:'
            if entry.msgctxt.startswith(prefix):
                expected[entry.msgctxt[len(prefix):]] = entry.msgstr
        wrong = []
        with Transaction().set_context(language='zh_CN'):
            for fs_id, msgstr in expected.items():
                got = Message.gettext(addon, fs_id, 'zh_CN')
                if got != msgstr:
                    wrong.append((fs_id, got, msgstr))
        Transaction().rollback()
    if wrong:
        sys.exit(f'{addon}: zh_CN messages not loaded: {wrong[:5]}')
    print(f'{addon}: the .po files load; {len(expected)} zh_CN messages '
        'checked through ir.message')


# --------------------------------------------------------------- merge
def po_text(entries):
    "Format entries as translation_export does"
    import polib
    from trytond.ir.translation import TrytonPOFile
    pofile = TrytonPOFile(wrapwidth=78)
    pofile.metadata = {'Content-Type': 'text/plain; charset=utf-8'}
    for entry in entries:
        pofile.append(entry)
    pofile.sort()
    assert all(isinstance(e, polib.POEntry) for e in pofile)
    return str(pofile) + '\n' if len(pofile) else ''


def merge(addon, lang, exported, retranslate=False):
    """Return (text, missing) for the new locale/<lang>.po of addon

    missing lists the msgids left without msgstr"""
    import polib
    from po_zh_CN import CONTEXTS, TRANSLATIONS

    path = ADDONS / addon / 'locale' / f'{lang}.po'
    old = {}
    if path.exists():
        for entry in polib.pofile(str(path)):
            if entry.obsolete or 'fuzzy' in entry.flags:
                continue
            if entry.msgstr:
                old[entry.msgctxt, entry.msgid] = entry.msgstr
    new = polib.pofile(exported) if exported else []
    entries, missing = [], []
    for entry in new:
        key = entry.msgctxt, entry.msgid
        if lang == 'en':
            msgstr = entry.msgid
        else:
            msgstr = old.get(key, '')
            if not msgstr or retranslate:
                msgstr = CONTEXTS.get(key,
                    TRANSLATIONS.get(entry.msgid, msgstr))
        entry.msgstr = msgstr
        if msgstr and 'fuzzy' in entry.flags:
            entry.flags.remove('fuzzy')
        if not msgstr:
            missing.append(entry.msgid)
        entries.append(entry)
    return po_text(entries), missing


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
    "Activate addon in a child process; return the exported .po per lang"
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
    parser.add_argument('--retranslate', action='store_true')
    parser.add_argument('--no-db', action='store_true')
    parser.add_argument('--worker', nargs=3, help=argparse.SUPPRESS)
    parser.add_argument('--verify', nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return 0
    if args.verify:
        verify(*args.verify)
        return 0

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    addons = dependency_order(args.addons or default_addons())
    status = 0
    with tempfile.TemporaryDirectory(prefix='update_po-') as tmp:
        previous = None  # database directory of the last activation
        for addon in addons:
            if args.no_db:
                exported = {lang: (p.read_text(encoding='utf-8')
                        if (p := ADDONS / addon / 'locale' / f'{lang}.po'
                            ).exists() else '')
                    for lang in LANGS}
            else:
                exported = export(addon, tmp, previous)
                if exported is None:
                    status = 2
                    continue
                previous = os.path.join(tmp, addon)
            for lang in LANGS:
                text, missing = merge(
                    addon, lang, exported[lang], args.retranslate)
                path = ADDONS / addon / 'locale' / f'{lang}.po'
                count = text.count('\nmsgctxt ')
                current = (path.read_text(encoding='utf-8')
                    if path.exists() else None)
                changed = current != text
                print(f'{addon}/{lang}.po: {count} entries, '
                    f'{len(missing)} untranslated'
                    + (', changed' if changed else ''))
                for msgid in missing:
                    print(f'    untranslated: {msgid!r}')
                if args.check:
                    if changed or missing:
                        status = status or 1
                elif changed:
                    path.parent.mkdir(exist_ok=True)
                    path.write_text(text, encoding='utf-8')
            if not args.no_db and not args.check:
                proc = subprocess.run([sys.executable, __file__,
                        '--verify', addon, os.path.join(tmp, addon)])
                status = status or proc.returncode
    return status


if __name__ == '__main__':
    sys.exit(main())
