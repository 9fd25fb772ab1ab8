// @ts-nocheck -- a browser script: the repo's typecheck knows Node's types, not the DOM's
// API calls: the last requests n8n made to the sandbox, secrets replaced by "…".
'use strict';

(() => {
	const { el, getJson, panel } = window.SandboxPage;
	const SECRET_PARAMETERS = new Set(['access_token', 'corpsecret', 'key']);

	function withoutSecrets(query) {
		return Object.entries(query || {}).map(([key, value]) => `${key}=${SECRET_PARAMETERS.has(key) ? '…' : value}`).join('&');
	}

	panel({
		id: 'calls',
		column: 'main',
		order: 90,
		title: 'API calls',
		subtitle: 'the last 40 requests n8n made to this sandbox',
		refreshMs: 2000,
		async render(box) {
			const answer = await getJson('/__sandbox/requests').catch(() => undefined);
			const calls = (answer && Array.isArray(answer.requests) ? answer.requests : []).slice(-40).reverse();
			box.replaceChildren();
			if (calls.length === 0) { box.append(el('p', { class: 'empty' }, 'No calls yet.')); return; }
			const table = el('table', {}, el('tr', {}, el('th', {}, 'time'), el('th', {}, 'call')));
			for (const call of calls) {
				const query = withoutSecrets(call.query);
				table.append(el('tr', {}, el('td', {}, new Date(call.at).toLocaleTimeString()), el('td', { class: 'path' }, `${call.method} ${call.path}${query ? `?${query}` : ''}`)));
			}
			box.append(table);
		},
	});
})();
