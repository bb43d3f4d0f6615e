// This file is part of the salon suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
// The public booking page: plain JavaScript against the JSON endpoints of
// salon_booking/online.py; every text comes translated from the server.
'use strict';
(function () {
    const texts = JSON.parse(
        document.getElementById('salon-texts').textContent);
    const language = document.body.dataset.language;
    const $ = id => document.getElementById(id);
    const form = $('booking');
    const store = $('store'), service = $('service'), stylist = $('stylist');
    const day = $('day'), slots = $('slots'), error = $('error');
    let chosen = null;

    const current = $('lang-' + language);
    if (current) {
        current.classList.add('current');
        current.setAttribute('aria-current', 'true');
    }

    function showError(message) {
        error.textContent = message || '';
        error.hidden = !message;
    }

    async function call(path, params, body) {
        const query = new URLSearchParams(
            Object.assign({lang: language}, params || {}));
        const options = {headers: {'Accept': 'application/json'}};
        if (body) {
            options.method = 'POST';
            options.headers['Content-Type'] = 'application/json';
            options.body = JSON.stringify(
                Object.assign({lang: language}, body));
        }
        let response;
        try {
            response = await fetch('book/' + path + '?' + query, options);
        } catch (e) {
            throw {status: 0, message: texts.network_error};
        }
        let data = null;
        try {
            data = await response.json();
        } catch (e) {
            data = null;
        }
        if (!response.ok) {
            throw {
                status: response.status,
                message: (data && data.error) || texts.network_error,
            };
        }
        return data;
    }

    function fill(select, records, label, first) {
        select.replaceChildren();
        if (first) {
            select.append(new Option(first.text, first.value));
        }
        for (const record of records) {
            select.append(new Option(label(record), record.id));
        }
    }

    let days = {};

    async function loadStores() {
        const stores = await call('stores');
        for (const record of stores) {
            days[record.id] = record;
        }
        fill(store, stores, s => s.name,
            stores.length > 1 ? {text: texts.choose, value: ''} : null);
        await loadServices();
    }

    function setDays() {
        // the days are the store's: its today may not be the browser's
        const record = days[store.value];
        if (record) {
            day.min = record.first;
            day.max = record.last;
            if (!day.value || day.value < record.first
                    || day.value > record.last) {
                day.value = record.first;
            }
        }
    }

    async function loadServices() {
        setDays();
        if (!store.value) {
            fill(service, [], null, {text: texts.choose, value: ''});
            return loadStylists();
        }
        const services = await call('services', {store: store.value});
        fill(service, services,
            s => s.name + ' (' + s.minutes + ' ' + texts.minutes + ')',
            {text: texts.choose, value: ''});
        await loadStylists();
    }

    async function loadStylists() {
        let records = [];
        if (store.value && service.value) {
            records = await call('stylists',
                {store: store.value, service: service.value});
        }
        fill(stylist, records, s => s.name,
            {text: texts.any_stylist, value: 'any'});
        await loadSlots();
    }

    // the answers of earlier slot queries may come after the last one's
    // (the client changed the stylist or the day meanwhile): only the
    // last query's answer is shown
    let slotQuery = 0;

    async function loadSlots() {
        const query = ++slotQuery;
        chosen = null;
        slots.replaceChildren();
        $('no-slot').hidden = true;
        if (!store.value || !service.value || !day.value) {
            return;
        }
        slots.textContent = texts.loading;
        let records, failure = null;
        try {
            records = await call('slots', {
                store: store.value, service: service.value,
                stylist: stylist.value, day: day.value});
        } catch (e) {
            failure = e;
        }
        if (query !== slotQuery) {
            return;
        }
        slots.textContent = '';
        if (failure) {
            throw failure;
        }
        $('no-slot').hidden = records.length > 0;
        for (const slot of records) {
            const button = document.createElement('button');
            button.type = 'button';
            button.className = 'slot';
            button.textContent = slot.time;
            button.dataset.start = slot.start;
            button.setAttribute('role', 'radio');
            button.setAttribute('aria-checked', 'false');
            button.addEventListener('click', () => {
                for (const other of slots.children) {
                    other.setAttribute('aria-checked', 'false');
                }
                button.setAttribute('aria-checked', 'true');
                chosen = slot.start;
            });
            slots.append(button);
        }
    }

    function guard(promise) {
        showError('');
        return promise.catch(e => showError(e.message));
    }

    store.addEventListener('change', () => guard(loadServices()));
    service.addEventListener('change', () => guard(loadStylists()));
    stylist.addEventListener('change', () => guard(loadSlots()));
    day.addEventListener('change', () => guard(loadSlots()));

    form.addEventListener('submit', async event => {
        event.preventDefault();
        showError('');
        const button = $('submit');
        button.disabled = true;
        try {
            const result = await call('appointments', null, {
                store: store.value, service: service.value,
                stylist: stylist.value, start: chosen,
                name: $('name').value, phone: $('phone').value});
            $('confirmation-number').textContent = result.number;
            $('confirmation-when').textContent =
                result.start + ' (' + result.timezone + ')';
            $('confirmation-store').textContent = result.store;
            $('confirmation-service').textContent = result.service;
            $('confirmation-stylist').textContent = result.stylist || '';
            form.hidden = true;
            $('confirmation').hidden = false;
        } catch (e) {
            showError(e.message);
            if (e.status === 409) {
                await guard(loadSlots()).then(() => showError(e.message));
            }
        } finally {
            button.disabled = false;
        }
    });

    guard(loadStores());
}());
