// Book on the public online booking page in Chromium, as a client would.
// usage: node online_booking.mjs URL DAY STYLIST SCREENSHOT
// URL is the page (http://host:port/<db>/salon/book), DAY the store-local
// day to book (YYYY-MM-DD), STYLIST the label of the stylist to choose.
// Prints one JSON line with what the client saw: the title, the error
// shown for a bad phone, the error shown when the chosen time was taken
// meanwhile (by another booking sent from here), the times offered after
// it, the confirmation, the whole page text and every answer of the
// booking endpoints.
import { createRequire } from 'node:module';

const require = createRequire(process.env.PLAYWRIGHT_DIR + '/');
const { chromium } = require('playwright-core');
const [url, day, stylist, screenshot] = process.argv.slice(2);

const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
        '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
});
const seen = {answers: [], console: []};
try {
    const context = await browser.newContext({
        locale: 'zh-CN', viewport: {width: 480, height: 1000}});
    const page = await context.newPage();
    // the refused bookings answer 4xx: Chromium logs them, not an error
    page.on('console', m => {
        if (m.type() === 'error'
                && !m.text().startsWith('Failed to load resource')) {
            seen.console.push(m.text());
        }
    });
    page.on('pageerror', e => seen.console.push(String(e)));
    page.on('response', async response => {
        if (response.url().includes('/salon/book/')
                && !response.url().includes('/static/')) {
            seen.answers.push({
                url: response.url(), status: response.status(),
                body: await response.text().catch(() => '')});
        }
    });
    // the answers for another day than the one chosen come after the
    // chosen day's, as on a busy server: the page must keep showing the
    // chosen day's times
    const late = [];
    let lateDone;
    const allLateDone = new Promise(resolve => { lateDone = resolve; });
    await page.route(u => u.pathname.endsWith('/salon/book/slots'),
        async route => {
            const asked = new URL(route.request().url());
            const response = await route.fetch();
            if (asked.searchParams.get('day') !== day) {
                late.push(() => route.fulfill({response}));
                return;
            }
            await route.fulfill({response});
            const held = late.splice(0);
            if (held.length) {
                await new Promise(resolve => setTimeout(resolve, 300));
                await Promise.all(held.map(fulfill => fulfill()));
                lateDone();
            }
        });
    await page.goto(url);
    seen.title = await page.locator('h1').textContent();
    seen.lang = await page.locator('html').getAttribute('lang');

    // the only online store is chosen: its services come
    await page.locator('#service option').nth(1).waitFor(
        {state: 'attached'});
    await page.selectOption('#service', {index: 1});
    await page.locator('#stylist option', {hasText: stylist}).waitFor(
        {state: 'attached'});
    await page.selectOption('#stylist', {label: stylist});
    await page.fill('#day', day);
    const ten = page.locator('#slots button.slot', {hasText: '10:00'});
    await ten.waitFor();
    await allLateDone;
    await page.waitForTimeout(300);
    seen.times_after_late = await page.locator(
        '#slots button.slot').allTextContents();
    await ten.click();
    await page.fill('#name', '张三');

    // a bad phone
    await page.fill('#phone', '12345');
    await page.click('#submit');
    await page.locator('#error:visible').waitFor();
    seen.phone_error = await page.locator('#error').textContent();

    // someone else takes the chosen time meanwhile
    const start = await ten.getAttribute('data-start');
    const form = {
        store: await page.inputValue('#store'),
        service: await page.inputValue('#service'),
        stylist: await page.inputValue('#stylist'),
    };
    const other = await fetch(url + '/appointments', {
        method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify(Object.assign(
            {start: start, name: 'Other', phone: '13912345678'}, form)),
    });
    seen.other_status = other.status;
    await page.fill('#phone', '138-0013-8000');
    await page.click('#submit');
    await page.waitForFunction(() => {
        const error = document.getElementById('error');
        return !error.hidden && error.textContent.includes('10:00');
    });
    seen.gone_error = await page.locator('#error').textContent();
    await page.locator('#slots button.slot').first().waitFor();
    seen.times = await page.locator('#slots button.slot').allTextContents();

    // the client books the next time
    await page.locator('#slots button.slot', {hasText: '11:00'}).click();
    await page.click('#submit');
    await page.locator('#confirmation:visible').waitFor();
    seen.number = await page.locator('#confirmation-number').textContent();
    seen.when = await page.locator('#confirmation-when').textContent();
    seen.confirmed = await page.locator('#confirmation h2').textContent();
    seen.text = await page.locator('body').innerText();
    seen.html = await page.content();
    await page.screenshot({path: screenshot, fullPage: true});
} finally {
    await browser.close();
}
console.log(JSON.stringify(seen));
