// Open menu entries in sao by clicking them and switch each window through
// its views; report what failed.
// usage: node sao_menus.mjs URL DATABASE LOGIN PASSWORD ENTRIES SHOTS
// ENTRIES: a JSON file [{id, path: [names], type, model, views: [types]}]
// Prints one JSON line: {"entries": N, "views": N, "failures": [...]}
import * as sao from './sao.mjs';

const [url, database, user, password, entriesFile, shots] =
    process.argv.slice(2);
const fs = await import('node:fs');
const entries = JSON.parse(fs.readFileSync(entriesFile, 'utf8'));

// Wait for the view of type in the current tab, displayed
async function waitView(page, type) {
    await page.waitForFunction(type => {
        const tab = Sao.Tab.tabs.get_current();
        const view = tab && tab.screen && tab.screen.current_view;
        return view && view.view_type == type && view.el.is(':visible');
    }, type);
    await sao.idle(page);
}

// Switch the current tab of pane to its next view, of type: a form shows
// the first record of the list or a new one; return false when there is
// no record to show and none may be created
async function toView(page, pane, type) {
    if (type == 'form' && await sao.viewType(page) == 'tree') {
        const rows = sao.rows(pane);
        if (await rows.count()) {
            await rows.first().locator('td.selection-state input').check();
        } else {
            const create = sao.toolbarButton(pane, 'new_');
            if (await create.isDisabled()) {
                return false;
            }
            await create.click();
            // an editable list edits the new record in its row
            await page.waitForFunction(() => {
                const screen = Sao.Tab.tabs.get_current().screen;
                return screen.current_view.view_type == 'form'
                    || screen.current_record;
            });
            await sao.idle(page);
            if (await sao.viewType(page) == 'tree') {
                return true;
            }
        }
    }
    if (await sao.viewType(page) != type) {
        await sao.toolbarButton(pane, 'switch_').click();
    }
    await waitView(page, type);
    return true;
}

// Close the current tab, discarding a new record left unchanged
async function closeTab(page) {
    const before = (await sao.tabTitles(page)).length;
    const pane = sao.currentPane(page);
    await page.evaluate(() => Sao.Tab.tabs.close_current());
    const ask = page.locator('.modal:visible button', {hasText: /Discard|No/});
    await page.waitForFunction(before => (
        document.querySelectorAll('#tablist > li').length < before
        || document.querySelector('.modal.in')), before);
    if (await ask.count()) {
        await ask.first().click();
    }
    await page.waitForFunction(before =>
        document.querySelectorAll('#tablist > li').length < before, before);
}

await sao.run(shots + '/menus.png', async ({page, problems}) => {
    await sao.login(page, url, database, user, password);
    // the login actions open their tabs: close them, one entry at a time
    await page.waitForFunction(() => !Sao.Tab.tabs.length
        || Sao.Tab.tabs.get_current());
    await sao.idle(page);
    let opened = 0, views = 0;
    const failures = [], skipped = [];
    for (const entry of entries) {
        const what = entry.path.join(' / ');
        try {
            while (await page.evaluate(() => Sao.Tab.tabs.length)) {
                await closeTab(page);
            }
            await sao.openMenu(page, entry.path, problems);
            if (entry.type == 'ir.action.wizard') {
                const dialog = page.locator('.wizard-dialog:visible, '
                    + '#tabcontent .tab-pane.active .wizard-form');
                await dialog.first().waitFor();
                await sao.idle(page);
                await sao.checkPage(page, problems, what);
                views += 1;
                // the first button of a wizard ends it (Cancel)
                const cancel = page.locator(
                    '.wizard-dialog:visible .modal-footer button').first();
                if (await cancel.count()) {
                    await cancel.click();
                    await page.locator('.wizard-dialog').waitFor(
                        {state: 'detached'});
                }
            } else if (entry.type == 'ir.action.act_window') {
                const types = [...entry.views];
                await waitView(page, types[0]);
                await sao.checkPage(page, problems, what + ' ' + types[0]);
                views += 1;
                const pane = sao.currentPane(page);
                for (const type of types.slice(1)) {
                    if (await toView(page, pane, type)) {
                        await sao.checkPage(
                            page, problems, what + ' ' + type);
                        views += 1;
                    } else {
                        skipped.push(what + ' ' + type);
                    }
                }
            } else {
                await sao.idle(page);
                await sao.checkPage(page, problems, what);
            }
            opened += 1;
            console.error('opened ' + what);
        } catch (error) {
            console.error('FAILED ' + what + ': ' + error.message);
            const shot = shots + '/menu-' + entry.id + '.png';
            await page.screenshot({path: shot}).catch(() => {});
            const dialogs = await sao.errorDialogs(page).catch(() => []);
            failures.push({entry: what, screenshot: shot,
                error: error.message.split('\n').slice(0, 6).join('\n'),
                dialogs: dialogs, errors: problems.splice(0)});
            // start again from the login to go on with the next entry
            await page.evaluate(() => {
                localStorage.clear();
                sessionStorage.clear();
            }).catch(() => {});
            await sao.login(page, url, database, user, password);
            await sao.idle(page);
            // the reload interrupted the calls of the failed entry
            problems.splice(0);
        }
    }
    return {entries: opened, views, failures, skipped};
}, {timeout: 15000});
