// @ts-nocheck -- a browser script: the repo's typecheck knows Node's types, not the DOM's
// Send to n8n: the WeCom Triggers the sandbox can reach (published ones on their production URL,
// and any trigger whose editor is listening on its test URL), a choice of one or all, and a form
// that sends them the callback WeCom would send. Each target's result says whether its filters
// let the callback through and which execution it started.
'use strict';

(() => {
	const { el, panel, postJson, on, state } = window.SandboxPage;

	const STATE_TEXT = {
		ready: 'reachable',
		notListening: 'not listening',
		secrets: 'wrong secrets',
		unreachable: 'unreachable',
	};

	const { body } = panel({
		id: 'send-callback',
		column: 'side',
		order: 10,
		title: 'Send to n8n',
		subtitle: 'an encrypted, signed WeCom callback',
		render() {},
	});

	const targetBox = el('div', { id: 'target', class: 'result' });
	const result = el('div', { id: 'callback-result', class: 'result' });
	const form = el('form', { id: 'callback-form' },
		el('input', { type: 'hidden', name: 'kind', value: 'text' }),
		el('label', {}, 'From user ', el('select', { name: 'fromUser', id: 'from-user' })),
		el('div', { 'data-for': 'text' },
			el('label', {}, 'Message ', el('textarea', { name: 'content', rows: '3' }, 'Hello from the sandbox'))),
		el('div', { 'data-for': 'card', hidden: true },
			el('label', {}, 'Button key (EventKey) ', el('input', { name: 'eventKey', value: 'approve' })),
			el('label', {}, 'Card task ID (TaskId) ', el('input', { name: 'taskId', placeholder: 'the task_id of a card in the inbox' })),
			el('label', {}, 'Response code (ResponseCode) ', el('input', { name: 'responseCode', placeholder: "filled in when you click a card's button in the inbox" }))),
		el('div', { 'data-for': 'contact', hidden: true },
			el('label', {}, 'Change (ChangeType) ',
				el('select', { name: 'changeType' },
					el('option', { value: 'create_user' }, 'create_user — a member joined'),
					el('option', { value: 'update_user' }, "update_user — a member's profile changed"),
					el('option', { value: 'delete_user' }, 'delete_user — a member left'))),
			el('label', {}, 'Member user ID (UserID) ', el('input', { name: 'userId', value: 'newhire01' })),
			el('label', {}, 'Name ', el('input', { name: 'name', value: 'New Hire' })),
			el('label', {}, 'Department IDs, comma-separated ', el('input', { name: 'department', value: '2' }))),
		el('button', { type: 'submit' }, 'Send callback'));

	const tabs = el('div', { class: 'tabs', role: 'tablist' },
		el('button', { type: 'button', 'data-tab': 'text', class: 'active' }, 'Message from a user'),
		el('button', { type: 'button', 'data-tab': 'card' }, 'Card click'),
		el('button', { type: 'button', 'data-tab': 'contact' }, 'Contact change'));
	body.append(targetBox, tabs, form, result);

	function showTab(kind) {
		tabs.querySelectorAll('button').forEach((button) => button.classList.toggle('active', button.dataset.tab === kind));
		form.querySelectorAll('[data-for]').forEach((part) => { part.hidden = part.dataset.for !== kind; });
		form.elements.kind.value = kind;
	}
	tabs.querySelectorAll('button').forEach((button) => button.addEventListener('click', () => showTab(button.dataset.tab)));

	// The chosen target survives the list's refreshes: "all", or a callback URL.
	let chosen = 'all';

	function choice(target, label) {
		const reachable = target.state === 'ready';
		return el('label', { class: `choice${reachable ? '' : ' off'}`, title: target.url },
			el('input', { type: 'radio', name: 'callback-target', value: target.url, checked: chosen === target.url, disabled: !reachable, onchange: () => { chosen = target.url; } }),
			` ${label} `, el('span', { class: `state ${target.state}` }, STATE_TEXT[target.state] || target.state),
			reachable ? null : el('span', { class: 'why' }, ` — ${target.detail}`));
	}

	// One entry per trigger node, with its production URL (when published) and its test URL.
	function triggerEntries(targets) {
		const entries = new Map();
		for (const target of targets) {
			const key = target.workflowId ? `${target.workflowId}\n${target.nodeName}` : target.url;
			if (!entries.has(key)) entries.set(key, { head: target, urls: [] });
			entries.get(key).urls.push(target);
		}
		return [...entries.values()].map(({ head, urls }) => {
			const title = head.workflowId
				? [el('a', { href: head.editorUrl, target: '_blank', rel: 'noopener' }, head.workflowName), ` › ${head.nodeName}`]
				: [head.name];
			return el('li', { 'data-workflow': head.workflowId || '' },
				el('div', { class: 'trigger' }, title),
				...urls.map((target) => choice(target, target.mode === 'production' ? 'Production URL' : target.mode === 'test' ? 'Test URL' : target.url)));
		});
	}

	function renderTargets(current) {
		const targets = current.callbackTargets || [];
		const reachable = targets.filter((target) => target.state === 'ready');
		const triggers = new Set(reachable.map((target) => (target.workflowId ? `${target.workflowId}\n${target.nodeName}` : target.url)));
		if (chosen !== 'all' && !reachable.some((target) => target.url === chosen)) chosen = 'all';
		const children = [];
		if (current.targetError) children.push(el('div', { class: 'notice' }, current.targetError));
		if (targets.length === 0) {
			children.push(el('div', { class: 'notice' }, current.findsTriggers
				? 'No WeCom Trigger found in n8n yet. Add one to a workflow and save it: published, it is reached on its production URL; while you click “Execute workflow”, on its test URL.'
				: 'No WeCom Trigger connected. npm start connects every WeCom Trigger of its n8n.'));
		} else {
			children.push(el('div', {}, 'Send to:'));
			const all = el('li', {}, el('label', { class: 'choice' }, el('input', { type: 'radio', name: 'callback-target', value: 'all', checked: chosen === 'all', onchange: () => { chosen = 'all'; } }),
				` every reachable trigger (${triggers.size}), once: on its test URL while the editor listens, else on its production URL; each trigger's filters decide whether its workflow runs`));
			children.push(el('ul', { class: 'targets' }, all, ...triggerEntries(targets)));
		}
		children.push(el('button', { type: 'button', class: 'secondary', onclick: () => state(true) }, 'Reload list'), ' ',
			el('button', { type: 'button', class: 'secondary', onclick: verifyUrls }, "Run WeCom's URL check"));
		targetBox.replaceChildren(...children);
	}

	function outcomeLine(item) {
		const held = item.ok && item.summary && !item.execution && item.workflowId;
		const mark = !item.ok ? '✗' : held ? '○' : '✓';
		const line = el('div', { class: `outcome${held ? ' held' : ''}` }, `${mark} ${item.name}`,
			el('div', { class: 'summary' }, item.summary || item.error || `HTTP ${item.status}`,
				item.execution ? [' · ', el('a', { href: item.execution.url, target: '_blank', rel: 'noopener' }, `open execution ${item.execution.id} in n8n`)] : null));
		if (item.reply) line.append(el('div', {}, 'passive reply (decrypted):'), el('pre', {}, item.reply));
		else if (!item.ok && item.body) line.append(el('pre', {}, item.body));
		return line;
	}

	function showResults(answer) {
		result.className = `result ${answer.ok ? 'ok' : 'fail'}`;
		result.replaceChildren();
		if (answer.error) result.append(answer.error);
		for (const item of answer.results || []) result.append(outcomeLine(item));
	}

	async function post(url, payload) {
		result.className = 'result';
		result.textContent = 'sending…';
		try {
			showResults(await postJson(url, payload));
		} catch (error) {
			result.className = 'result fail';
			result.textContent = `Could not reach the sandbox: ${error}`;
		}
		state(true);
	}

	function sendCallback(event) {
		return post('/ui/callback', { ...event, target: chosen });
	}

	function verifyUrls() {
		return post('/ui/verify', {});
	}

	on('state', (current) => {
		const select = form.elements.fromUser;
		if (select.options.length === 0) for (const user of current.users) select.append(el('option', { value: user.userid }, `${user.name} (${user.userid})`));
		renderTargets(current);
	});

	// a card's button in the inbox: the click WeCom would send for that card
	on('card-click', ({ entry, payload, card, button }) => {
		showTab('card');
		form.elements.eventKey.value = button.key || '';
		form.elements.taskId.value = card.task_id || '';
		form.elements.responseCode.value = entry.response_code || entry.responseCode || '';
		const recipient = String(payload.touser || '').split('|')[0];
		if (recipient && recipient !== '@all') form.elements.fromUser.value = recipient;
		sendCallback({ kind: 'card', fromUser: form.elements.fromUser.value, eventKey: button.key, taskId: card.task_id, cardType: card.card_type, responseCode: form.elements.responseCode.value });
	});

	form.addEventListener('submit', (submit) => {
		submit.preventDefault();
		sendCallback(Object.fromEntries(new FormData(form)));
	});
})();
