// Log in to sao in Chromium and report what the user sees.
// usage: node sao_session.mjs URL DATABASE LOGIN PASSWORD TAB SCREENSHOT
// Prints one JSON line: {"tabs": [...], "rows": N, "menu": [...]}; rows
// is the number of records of the list opened in the tab named TAB (the
// user's login actions open it).
import { createRequire } from 'node:module';

const require = createRequire(process.env.PLAYWRIGHT_DIR + '/');
const { chromium } = require('playwright-core');
const [url, database, login, password, tab, screenshot] =
    process.argv.slice(2);

const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
        '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({viewport: {width: 1280, height: 900}});
const problems = [];
page.on('pageerror', e => problems.push('page error: ' + e.message));
page.on('console', m => {
    if (m.type() === 'error') problems.push('console: ' + m.text());
});
try {
    await page.goto(url);
    await page.locator('#login').waitFor({timeout: 30000});
    // The database is a list, a text input or, when the server serves one
    // database, hidden.
    if (await page.locator('select#database:visible').count()) {
        await page.selectOption('select#database', database);
    } else if (await page.locator('input#database:visible:not([readonly])').count()) {
        await page.fill('input#database', database);
    }
    await page.fill('#login', login);
    await page.locator('#login').press('Enter');
    const pwd = page.locator('input[type=password]');
    // the first login loads the database's pool: slow on a loaded machine
    await pwd.waitFor({timeout: 120000});
    await pwd.fill(password);
    await pwd.press('Enter');
    // The login actions open their tabs
    const tabLink = page.locator('#tablist a', {hasText: tab});
    await tabLink.first().waitFor({timeout: 120000});
    // (the link holds the tab's close button: click the title)
    const pane = page.locator(await tabLink.first().getAttribute('href'));
    const rows = pane.locator('table.tree > tbody > tr:visible');
    // Another login action may open its tab after ours and take the
    // focus (seen on a loaded machine): click again until our list shows.
    const deadline = Date.now() + 90000;
    for (;;) {
        await tabLink.first().locator('span[title]').first().click();
        try {
            await rows.first().waitFor({timeout: 5000});
            break;
        } catch (error) {
            if (Date.now() > deadline) {
                throw error;
            }
        }
    }
    // The toolbar badge shows "selected/total" of the list.
    const badge = pane.locator('span.badge').first();
    await page.waitForFunction(
        el => /\/\d+/.test(el.textContent), await badge.elementHandle());
    // e.g. "_/89", "_@1,000/2k" (sao abbreviates large counts)
    const count = (await badge.textContent()).split('/').pop();
    const total = parseInt(count.replace(/\D/g, ''), 10)
        * (/k$/.test(count) ? 1000 : 1);
    await page.waitForFunction(
        () => document.querySelector('#menu').innerText.trim().length > 0);
    const tabs = await page.locator('#tablist a').allInnerTexts();
    const menu = await page.locator('#menu').innerText();
    await page.screenshot({path: screenshot});
    console.log(JSON.stringify({
        tabs: tabs.map(t => t.trim()).filter(t => t),
        rows: total,
        menu: menu.split('\n').map(t => t.trim()).filter(t => t),
    }));
} catch (error) {
    // Say what the user saw: the screenshot, the dialogs and the errors
    await page.screenshot({path: screenshot}).catch(() => {});
    const dialogs = await page.locator('.modal:visible').allInnerTexts()
        .catch(() => []);
    error.message += '\nscreenshot: ' + screenshot
        + '\ndialogs: ' + JSON.stringify(dialogs)
        + '\nerrors: ' + JSON.stringify(problems.slice(-10));
    throw error;
} finally {
    await browser.close();
}
