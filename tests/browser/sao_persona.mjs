// The day of a persona in sao: each scenario does what the person does
// and reports what the person saw.
// usage: node sao_persona.mjs URL DATABASE SCENARIO ARGS
// ARGS: JSON with shots (the directory of the screenshots) and the
// scenario's arguments.  Prints one JSON line.
import * as sao from './sao.mjs';

const [url, database, scenario, json] = process.argv.slice(2);
const args = JSON.parse(json);

// Log in as user (the login actions open their tabs) and report the tabs,
// the rows of their lists and the menu
async function landing(page, problems, user) {
    await sao.login(page, url, database, user.login, user.password);
    const expected = user.tabs.length;
    await page.waitForFunction(n => Sao.Tab.tabs.length >= n
        && Sao.Tab.tabs.every(t => t.screen
            ? t.screen.current_view : true), expected, {timeout: sao.SLOW});
    await sao.idle(page);
    const rows = {};
    for (const title of await sao.tabTitles(page)) {
        const pane = await sao.showTab(page, title);
        const type = await page.evaluate(() => {
            const tab = Sao.Tab.tabs.get_current();
            return tab.screen ? tab.screen.current_view.view_type : null;
        });
        if (type == 'tree') {
            rows[title] = await sao.listCount(pane);
        }
    }
    await page.screenshot(
        {path: `${args.shots}/${user.login}-${user.lang}.png`});
    await sao.checkPage(page, problems, user.login + ' ' + user.lang);
    const menu = await page.locator('#menu').innerText();
    return {
        login: user.login,
        tabs: await sao.tabTitles(page),
        rows: rows,
        menu: menu.split('\n').map(t => t.trim()).filter(t => t),
    };
}

// The value the widget of the field name shows in container
async function fieldText(container, name) {
    const input = container.locator(
        `:is(input, select, textarea)[name="${name}"]`).first();
    return input.evaluate(el => el.tagName == 'SELECT'
        ? (el.selectedOptions[0] ? el.selectedOptions[0].text : '')
        : el.value);
}

// The values of the fields of container
async function fieldTexts(container, names) {
    const values = {};
    for (const name of names) {
        values[name] = await fieldText(container, name);
    }
    return values;
}

// The texts of the cells of the rows of the list of pane
async function listTexts(pane) {
    return sao.rows(pane).evaluateAll(trs => trs.map(
        tr => [...tr.querySelectorAll('td')].map(td => td.innerText.trim())));
}

// Double-click the row of the list of pane that has text: its form opens
async function openRow(page, pane, text) {
    const row = sao.rows(pane).filter({hasText: text}).first();
    await row.waitFor();
    // (a cell without a link: a link opens the record it shows)
    await row.locator('td[data-title]:not(:has(a))').first().dblclick();
    await page.waitForFunction(() => Sao.Tab.tabs.get_current().screen
        .current_view.view_type == 'form');
    await sao.idle(page);
}

// Click the button name of the form of pane, accept its confirmation
async function clickButton(page, pane, name) {
    await pane.locator(`button[name="${name}"]:visible`).first().click();
    const confirm = page.locator('.modal.in .modal-footer button.btn-primary');
    await sao.idle(page);
    if (await confirm.count()) {
        await confirm.first().click();
        await sao.idle(page);
    }
}

const scenarios = {
    async landings({browser, problems, options}) {
        const seen = [];
        for (const user of args.users) {
            // a browser of its own for each login
            const page = await sao.openPage(browser, problems, options);
            const shot = `${args.shots}/${user.login}-${user.lang}.png`;
            try {
                seen.push(await landing(page, problems, user));
            } catch (error) {
                await page.screenshot({path: shot}).catch(() => {});
                error.message = `${user.login} (${user.lang}): `
                    + error.message + '\nscreenshot: ' + shot;
                throw error;
            }
            await page.context().close();
        }
        return seen;
    },

    // HQ: the clients of each store in the Clients list, then a store
    async hq({page, problems}) {
        await sao.login(page, url, database, 'hq', 'demo-hq');
        let pane = await sao.waitRows(page, args.clients);
        const counts = {};
        for (const store of args.stores) {
            await sao.search(pane, `${args.home}: "${store}"`);
            counts[store] = await sao.listCount(pane);
        }
        await sao.search(pane, '');
        const all = await sao.listCount(pane);
        pane = await sao.waitRows(page, args.store_tab);
        await openRow(page, pane, args.store);
        const name = await fieldText(pane, 'name');
        await page.screenshot({path: `${args.shots}/hq-store.png`});
        return {counts, all, name};
    },

    // The manager approves the swap requested, then reads the follow-ups
    async manager({page, problems}) {
        await sao.login(page, url, database, args.login, args.password);
        await sao.openMenu(page, args.swaps_menu);
        let pane = sao.currentPane(page);
        await sao.rows(pane).first().waitFor();
        const before = await listTexts(pane);
        await openRow(page, pane, args.swap_text);
        const requested = await fieldText(pane, 'state');
        await clickButton(page, pane, 'approve');
        // sao reloads the record after the button: wait for the new state
        let state = await fieldText(pane, 'state');
        for (const end = Date.now() + 30000;
                state == requested && Date.now() < end;) {
            await page.waitForTimeout(250);
            await sao.idle(page);
            state = await fieldText(pane, 'state');
        }
        await page.screenshot({path: `${args.shots}/manager-swap.png`});
        pane = await sao.showTab(page, args.followups);
        await sao.idle(page);
        const due = await sao.listCount(pane);
        await page.screenshot({path: `${args.shots}/manager-followups.png`});
        return {before, state, due};
    },

    // The stylist's day in the calendar of the appointments
    async stylist({page, problems}) {
        await sao.login(page, url, database, args.login, args.password);
        await sao.openMenu(page, args.menu);
        const pane = sao.currentPane(page);
        await page.waitForFunction(() => Sao.Tab.tabs.get_current().screen
            .current_view.view_type == 'calendar');
        await sao.idle(page);
        await pane.locator('.fc-view').first().waitFor();
        // the calendar draws the events the screen loaded (the badge)
        const loaded = await sao.listCount(pane);
        await page.waitForFunction(([el, n]) => el.querySelectorAll(
            '.fc-event').length >= n, [await pane.elementHandle(), loaded]);
        const events = await pane.locator('.fc-event').allInnerTexts();
        const title = await pane.locator('.fc-toolbar h2, .fc-center h2')
            .first().innerText().catch(() => '');
        await page.screenshot({path: `${args.shots}/stylist-day.png`});
        return {events, title};
    },

    // The cashier finds the member, checks the appointment out, pays by
    // stored value and cash and prints the receipt
    async cashier({page, problems}) {
        await sao.login(page, url, database, args.login, args.password);
        await sao.openMenu(page, args.find_menu);
        let dialog = page.locator('.wizard-dialog.in').last();
        await dialog.locator('input[name="number"]').fill(args.number);
        await dialog.locator('.modal-footer button.btn-primary').click();
        await dialog.locator('input[name="home_store"]').waitFor();
        await sao.idle(page);
        const member = await fieldTexts(dialog, ['client', 'home_store',
            'tier', 'points', 'card_balance', 'package_sessions',
            'allergies']);
        await page.screenshot({path: `${args.shots}/cashier-member.png`});
        await sao.checkPage(page, problems, 'Find a Member');
        // Close
        await dialog.locator('.modal-footer button').first().click();
        await dialog.waitFor({state: 'detached'});

        await sao.openMenu(page, args.appointments_menu);
        let pane = sao.currentPane(page);
        await page.waitForFunction(() => Sao.Tab.tabs.get_current().screen
            .current_view);
        // the calendar of the day: the appointment searched by number
        await sao.search(pane, args.appointment_search);
        await pane.locator('.fc-event').first().dblclick();
        await page.waitForFunction(() => Sao.Tab.tabs.get_current().screen
            .current_view.view_type == 'form');
        await sao.idle(page);
        await clickButton(page, pane, 'checkout');
        const sale = await fieldText(pane, 'sale');
        await page.screenshot({path: `${args.shots}/cashier-checkout.png`});
        await sao.checkPage(page, problems, 'Checkout');

        pane = await sao.showTab(page, args.pos_tab);
        await sao.toolbarButton(pane, 'reload').click();
        await sao.idle(page);
        await openRow(page, pane, args.client);
        const total = await fieldText(pane, 'total');
        await clickButton(page, pane, 'pay');
        dialog = page.locator('.wizard-dialog.in').last();
        await dialog.locator('select[name="method"]').waitFor();
        await dialog.locator('select[name="method"]').selectOption(
            {label: args.card_method});
        await sao.idle(page);
        const card = dialog.locator('input[name="salon_card"]');
        await card.waitFor();
        await card.fill(args.card);
        await card.press('Tab');
        await sao.idle(page);
        // several cards match the number typed: sao asks which one
        const choose = page.locator('.modal.in').filter(
            {hasNot: page.locator('input[name="amount"]')});
        if (await choose.count()) {
            await sao.rows(choose.last()).filter({hasText: args.card})
                .first().locator('td[data-title]').first().click();
            await choose.last().locator('.modal-footer .btn-primary')
                .click();
            await sao.idle(page);
        }
        await dialog.locator('input[name="amount"]:visible')
            .fill(args.card_amount);
        await dialog.locator('input[name="amount"]:visible').press('Tab');
        await sao.idle(page);
        await dialog.locator('.modal-footer button.btn-primary').click();
        await sao.idle(page);
        await sao.checkPage(page, problems, 'stored-value payment');
        // the wizard asks the rest
        dialog = page.locator('.wizard-dialog.in').last();
        await dialog.locator('select[name="method"]').waitFor();
        const rest = await fieldText(dialog, 'amount');
        await dialog.locator('select[name="method"]').selectOption(
            {label: args.cash_method});
        await sao.idle(page);
        await dialog.locator('.modal-footer button.btn-primary').click();
        await page.locator('.wizard-dialog').waitFor({state: 'detached'});
        await sao.idle(page);
        await sao.checkPage(page, problems, 'cash payment');
        const paid = await fieldTexts(pane, ['state', 'number', 'total']);
        const post = await pane.locator('button[name="post"]:visible')
            .count();
        await page.screenshot({path: `${args.shots}/cashier-paid.png`});

        await sao.toolbarButton(pane, 'print').click();
        const download = page.waitForEvent('download');
        await pane.locator('.dropdown-menu:visible a, '
            + '.dropdown-menu:visible li', {hasText: args.receipt})
            .first().click();
        const file = await download;
        const receipt = `${args.shots}/${file.suggestedFilename()}`;
        await file.saveAs(receipt);
        await sao.idle(page);
        return {member, sale, total, rest, paid, post, receipt};
    },

    // The accountant finds the entry of the sale and the card reconciled
    async accountant({page, problems}) {
        await sao.login(page, url, database, args.login, args.password);
        let pane = await sao.waitRows(page, args.lines_tab);
        await sao.search(pane, args.lines_search);
        await sao.rows(pane).first().waitFor();
        const lines = await listTexts(pane);
        const count = await sao.listCount(pane);
        await page.screenshot({path: `${args.shots}/accountant-lines.png`});
        await sao.openMenu(page, args.reconciliation_menu);
        pane = sao.currentPane(page);
        await sao.idle(page);
        const differences = await sao.listCount(pane);
        await pane.locator('.tab-domain a', {hasText: args.all_tab}).click();
        await sao.idle(page);
        await sao.search(pane, args.card_search);
        await sao.rows(pane).first().waitFor();
        const card = await listTexts(pane);
        await page.screenshot({path: `${args.shots}/accountant-cards.png`});
        return {lines, count, differences, card};
    },
};

await sao.run(`${args.shots}/${scenario}.png`, scenarios[scenario],
    {timezoneId: args.timezone});
