// Log in to sao in Chromium and report what the user sees.
// usage: node sao_session.mjs URL DATABASE LOGIN PASSWORD TAB SCREENSHOT
// Prints one JSON line: {"tabs": [...], "rows": N, "menu": [...]}; rows
// is the number of records of the list opened in the tab named TAB (the
// user's login actions open it).  A JavaScript error or an error dialog
// fails the session.
import * as sao from './sao.mjs';

const [url, database, login, password, tab, screenshot] =
    process.argv.slice(2);

await sao.run(screenshot, async ({page}) => {
    await sao.login(page, url, database, login, password);
    const pane = await sao.waitRows(page, tab);
    const total = await sao.listCount(pane);
    const tabs = await page.locator('#tablist a').allInnerTexts();
    const menu = await page.locator('#menu').innerText();
    await page.screenshot({path: screenshot});
    return {
        tabs: tabs.map(t => t.trim()).filter(t => t),
        rows: total,
        menu: menu.split('\n').map(t => t.trim()).filter(t => t),
    };
});
