// What the sao tests share: Chromium, the login, the JavaScript errors
// and the error dialogs a page shows, the tabs, lists and menu of sao.
import { createRequire } from 'node:module';

const require = createRequire(process.env.PLAYWRIGHT_DIR + '/');
const { chromium } = require('playwright-core');

// sao's dialogs of a failure: a server error, a user error or warning,
// a concurrent write
export const ERROR_DIALOGS =
    '.error-dialog, .warning-dialog, .concurrency-dialog';
// What sao asks for and the server may not have: the customisation of
// the site and the translations of sao in English
const OPTIONAL = /\/(custom\.(css|js)|locale\/en(_\w+)?\.json)$/;
// the first login loads the database's pool: slow on a loaded machine
export const SLOW = 120000;

// Start Chromium on a page that records every JavaScript error
export async function start(options = {}) {
    const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
            '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync'],
    });
    const problems = [];
    const page = await openPage(browser, problems, options);
    return {browser, page, problems, options};
}

// A page of its own browser context (no session shared) that records
// its JavaScript errors in problems
export async function openPage(browser, problems, options = {}) {
    const context = await browser.newContext({
        viewport: {width: 1280, height: 900}, acceptDownloads: true,
        locale: options.locale || 'en-US',
        timezoneId: options.timezoneId || undefined,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(options.timeout || 30000);
    page.on('pageerror', e => problems.push('page error: ' + e.message));
    page.on('console', m => {
        // the failed responses are checked below
        if ((m.type() === 'error'
                    && !m.text().startsWith('Failed to load resource'))
                // jQuery logs the exceptions its promises catch
                || /^jQuery\.Deferred exception/.test(m.text())) {
            problems.push('console: ' + m.text());
        }
    });
    page.on('response', r => {
        if (r.status() >= 400 && !OPTIONAL.test(r.url())) {
            problems.push(`HTTP ${r.status()}: ${r.request().method()} `
                + r.url());
        }
    });
    return page;
}

// Log in to sao; the login actions of the user then open their tabs
export async function login(page, url, database, user, password) {
    await page.goto(url);
    await page.locator('#login').waitFor();
    // The database is a list, a text input or, when the server serves one
    // database, hidden.
    if (await page.locator('select#database:visible').count()) {
        await page.selectOption('select#database', database);
    } else if (await page.locator(
            'input#database:visible:not([readonly])').count()) {
        await page.fill('input#database', database);
    }
    await page.fill('#login', user);
    await page.locator('#login').press('Enter');
    const pwd = page.locator('input[type=password]');
    await pwd.waitFor({timeout: SLOW});
    await pwd.fill(password);
    await pwd.press('Enter');
    await page.waitForFunction(
        () => document.querySelector('#menu')
            && document.querySelector('#menu').innerText.trim().length > 0,
        null, {timeout: SLOW});
}

// Log out, back to the login form
export async function logout(page) {
    await page.evaluate(() => Sao.logout());
    await page.locator('#login').waitFor();
}

// The error dialogs shown, with their texts
export async function errorDialogs(page) {
    return page.locator(ERROR_DIALOGS).filter({visible: true})
        .allInnerTexts();
}

// Raise the JavaScript errors and the error dialogs seen since start
// (the problems are emptied)
export async function checkPage(page, problems, what) {
    const dialogs = await errorDialogs(page);
    if (problems.length || dialogs.length) {
        const found = problems.splice(0);
        throw new Error(what + ': ' + JSON.stringify(
            {errors: found, dialogs: dialogs}));
    }
}

// The titles of the tabs open
export async function tabTitles(page) {
    const tabs = await page.locator('#tablist > li > a').allInnerTexts();
    // the link holds the close button (×) and the title
    return tabs.map(t => t.split('\n').pop().trim()).filter(t => t);
}

// The link of the tab whose title has text
export function tab(page, text) {
    return page.locator('#tablist > li > a', {hasText: text}).first();
}

// The pane of the tab whose title has text, shown
export async function showTab(page, text) {
    const link = tab(page, text);
    await link.waitFor({timeout: SLOW});
    // the link holds the close button: click the title
    await link.locator('span[title]').first().click();
    const pane = page.locator(await link.getAttribute('href'));
    await pane.waitFor({state: 'visible'});
    return pane;
}

// The pane of the current tab
export function currentPane(page) {
    return page.locator('#tabcontent > .tab-pane.active');
}

// The visible rows of the list of pane
export function rows(pane) {
    return pane.locator('table.tree > tbody > tr:visible');
}

// Wait for the rows of a list, clicking its tab again: another login
// action may open its tab after this one and take the focus.
export async function waitRows(page, text) {
    const deadline = Date.now() + 90000;
    for (;;) {
        const pane = await showTab(page, text);
        try {
            await rows(pane).first().waitFor({timeout: 5000});
            return pane;
        } catch (error) {
            if (Date.now() > deadline) {
                throw error;
            }
        }
    }
}

// The total of the records the list of pane shows: its toolbar badge
// "selected/total", e.g. "_/89", "_@1,000/2k" (sao abbreviates)
export async function listCount(pane) {
    const badge = pane.locator('.navbar-text > span.badge').first();
    await badge.page().waitForFunction(
        el => /\/\d+/.test(el.textContent), await badge.elementHandle());
    const count = (await badge.textContent()).split('/').pop();
    return parseInt(count.replace(/\D/g, ''), 10)
        * (/k$/.test(count) ? 1000 : 1);
}

// The toolbar button of the tab of pane: switch_, new_, reload, print...
export function toolbarButton(pane, id) {
    return pane.locator(`.navbar-btn#${id}`).first();
}

// Wait until sao has no RPC call running (sao calls with jQuery.ajax)
export async function idle(page) {
    await page.waitForFunction(() => window.jQuery && jQuery.active === 0
        && new Promise(resolve => requestAnimationFrame(() => resolve(
            jQuery.active === 0))));
}

// Open the menu entry at path (names from the root) by clicking it in
// the menu tree: a click expands an entry and opens its action
export async function openMenu(page, path, problems = []) {
    let after = -1;
    for (const [depth, name] of path.entries()) {
        // the row of name at depth below the row clicked before
        const handle = await page.waitForFunction(([name, depth, after]) => {
            const trs = [...document.querySelectorAll(
                '#menu table.tree > tbody > tr')];
            for (let i = after + 1; i < trs.length; i++) {
                const tr = trs[i];
                if (!tr.offsetParent) {
                    continue;
                }
                const img = tr.querySelector('.expander > img');
                const level = img ? parseFloat(img.style.marginLeft) || 0 : 0;
                if (after >= 0 && level < depth) {
                    return null;  // past the children of the parent
                }
                if (level == depth && tr.innerText.trim() == name) {
                    return {index: i};
                }
            }
            return null;
        }, [name, depth, after]);
        after = (await handle.jsonValue()).index;
        const row = page.locator('#menu table.tree > tbody > tr').nth(after);
        const cell = row.locator('td:has(.expander) .widget');
        if (depth < path.length - 1) {
            const children = await row.evaluate(tr => {
                const level = tr => parseFloat(tr.querySelector(
                    '.expander > img').style.marginLeft) || 0;
                const next = tr.nextElementSibling;
                return Boolean(next && next.offsetParent
                    && level(next) > level(tr));
            });
            if (!children) {
                // a click expands the entry and opens its action if any
                await cell.click();
                await idle(page);
            }
        } else {
            const before = await page.evaluate(() => Sao.Tab.tabs.length);
            await cell.click();
            // the action opens a tab or a dialog (a wizard)
            const opened = page.waitForFunction(before =>
                Sao.Tab.tabs.length > before
                || document.querySelector('.wizard-dialog.in'), before);
            // or fails: a JavaScript error stops sao opening it
            const stop = {};
            await Promise.race([opened, failed(page, problems, stop)])
                .finally(() => { stop.done = true; });
            await checkPage(page, problems, path.join(' / '));
            await idle(page);
        }
    }
}

// Resolve when a JavaScript error is seen
async function failed(page, problems, stop) {
    while (!problems.length && !stop.done) {
        await page.waitForTimeout(100).catch(() => {});
    }
}

// Search the list of pane with text (sao's search syntax)
export async function search(pane, text) {
    const entry = pane.locator('.filter-box input.form-control').first();
    await entry.fill(text);
    await entry.press('Enter');
    await idle(pane.page());
}

// The view type the current tab shows
export async function viewType(page) {
    return page.evaluate(() => {
        const tab = Sao.Tab.tabs.get_current();
        return tab && tab.screen && tab.screen.current_view
            ? tab.screen.current_view.view_type : null;
    });
}

// Click the Switch button of pane until its view is of type
export async function switchTo(page, pane, type) {
    for (let i = 0; i < 5 && await viewType(page) != type; i++) {
        await toolbarButton(pane, 'switch_').click();
        await idle(page);
    }
    if (await viewType(page) != type) {
        throw new Error('no ' + type + ' view');
    }
}

// Run main(context) in a browser, print its result as one JSON line; on
// failure take a screenshot and say what the user saw
export async function run(screenshot, main, options = {}) {
    const context = await start(options);
    const {browser, page, problems} = context;
    try {
        const result = await main(context);
        await checkPage(page, problems, 'at the end');
        console.log(JSON.stringify(result));
    } catch (error) {
        await page.screenshot({path: screenshot}).catch(() => {});
        const dialogs = await page.locator('.modal:visible')
            .allInnerTexts().catch(() => []);
        error.message += '\nscreenshot: ' + screenshot
            + '\ndialogs: ' + JSON.stringify(dialogs)
            + '\nerrors: ' + JSON.stringify(problems.slice(-10));
        throw error;
    } finally {
        await browser.close();
    }
}
