// @ts-nocheck -- a browser script: the repo's typecheck knows Node's types, not the DOM's
// Inbox: the app messages, cards and group-bot posts the workflows sent, newest first. Markdown
// shows as the WeCom client shows it; a card's callback buttons send the click back (see
// callbacks.js), its link buttons and jump links open their page.
'use strict';

(() => {
	const { el, getJson, markdown, panel, emit } = window.SandboxPage;

	// The inbox endpoints belong to the route modules that accept messages; their shapes may
	// differ, so take the first array found in the answer.
	function rowsOf(answer) {
		if (Array.isArray(answer)) return answer;
		if (answer && typeof answer === 'object') {
			for (const value of Object.values(answer)) if (Array.isArray(value)) return value;
		}
		return [];
	}
	// Group bots answer { bots: [{ name, key, messages }] }: one row per message, with the bot's name.
	function botRowsOf(answer) {
		if (answer && Array.isArray(answer.bots)) {
			return answer.bots.flatMap((bot) => (Array.isArray(bot.messages) ? bot.messages : []).map((message) => ({ ...message, bot: bot.name })));
		}
		return rowsOf(answer);
	}
	function payloadOf(entry) {
		for (const key of ['message', 'body', 'payload', 'request']) {
			if (entry && typeof entry[key] === 'object' && entry[key] !== null) return entry[key];
		}
		return entry || {};
	}
	function timeOf(entry) {
		return Number(entry.at || entry.receivedAt || entry.time || 0);
	}
	function textOf(payload) {
		if (payload.button && payload.button.replace_name) return `button replaced by "${payload.button.replace_name}"`;
		const type = payload.msgtype;
		const part = type ? payload[type] : payload.template_card;
		if (part && typeof part === 'object') {
			if (typeof part.content === 'string') return part.content;
			if (typeof part.title === 'string') return [part.title, part.description].filter(Boolean).join('\n');
			if (part.main_title || part.sub_title_text) return cardText(part);
			if (Array.isArray(part.articles)) return part.articles.map((a) => a.title).join('\n');
			if (part.media_id) return `media ${part.media_id}`;
		}
		return '';
	}
	// A template card's lines as the WeCom client shows them, top to bottom.
	function cardText(card) {
		const emphasis = card.emphasis_content || {};
		const quote = card.quote_area || {};
		const rows = Array.isArray(card.horizontal_content_list) ? card.horizontal_content_list : [];
		return [
			card.main_title && card.main_title.title,
			card.main_title && card.main_title.desc,
			[emphasis.title, emphasis.desc].filter(Boolean).join(' '),
			[quote.title, quote.quote_text].filter(Boolean).join(': '),
			card.sub_title_text,
			...rows.map((row) => `${row.keyname || ''}: ${row.value || row.userid || ''}`),
		]
			.filter(Boolean)
			.join('\n');
	}
	function contentOf(payload) {
		const text = textOf(payload);
		if (payload.msgtype === 'markdown' || payload.msgtype === 'markdown_v2') return markdown(text);
		return el('div', { class: 'text' }, text);
	}
	function recipientsOf(entry, payload) {
		const parts = [];
		for (const key of ['touser', 'toparty', 'totag', 'chatid']) if (payload[key]) parts.push(`${key} ${payload[key]}`);
		if (entry.bot) parts.push(entry.bot);
		if (Array.isArray(entry.delivered) && entry.delivered.length) parts.push(`delivered to ${entry.delivered.join(', ')}`);
		if (entry.recalled) parts.push('recalled');
		return parts.join(' · ');
	}
	function kindOf(entry, payload) {
		if (entry.kind === 'card_update') return 'card update';
		if (entry.kind === 'appchat') return `group chat · ${payload.msgtype || ''}`;
		return payload.msgtype || 'message';
	}
	// A link opens in a new tab, as WeCom opens it in its browser.
	function linkButton(label, url) {
		return el('a', { class: 'link-button', href: url, target: '_blank', rel: 'noopener' }, label);
	}
	// What a card lets a reader do, as WeCom does it: a callback button (type 0) sends the encrypted
	// template_card_event to the trigger (callbacks.js); a link button (type 1), a jump_list entry
	// and the card's own card_action open their URL.
	function cardActionsOf(entry, payload, card) {
		const actions = el('div', { class: 'buttons' });
		for (const button of Array.isArray(card.button_list) ? card.button_list : []) {
			const label = button.text || button.key;
			if (button.type === 1 && button.url) actions.append(linkButton(label, button.url));
			else actions.append(el('button', { type: 'button', class: 'secondary', onclick: () => emit('card-click', { entry, payload, card, button }) }, label));
		}
		for (const jump of Array.isArray(card.jump_list) ? card.jump_list : []) {
			if (jump.url) actions.append(linkButton(jump.title || jump.url, jump.url));
		}
		if (card.card_action && card.card_action.url) actions.append(linkButton('Open card', card.card_action.url));
		return actions;
	}
	function renderMessage(entry, source) {
		const payload = payloadOf(entry);
		const card = payload.template_card;
		const box = el('div', { class: 'message' },
			el('div', { class: 'meta' },
				el('span', { class: `badge ${source === 'bot' ? 'bot' : 'app'}` }, source === 'bot' ? 'group bot' : 'app'),
				el('span', {}, kindOf(entry, payload)),
				el('span', {}, recipientsOf(entry, payload)),
				timeOf(entry) ? el('span', {}, new Date(timeOf(entry)).toLocaleTimeString()) : null),
			contentOf(payload));
		if (entry.update) {
			box.append(el('div', { class: 'meta' }, `updated: ${textOf(entry.update) || JSON.stringify(entry.update)}`));
		} else if (card) {
			const actions = cardActionsOf(entry, payload, card);
			if (actions.childElementCount > 0) box.append(actions);
		}
		box.append(el('details', {}, el('summary', {}, 'raw'), el('pre', {}, JSON.stringify(entry, null, 2))));
		return box;
	}

	panel({
		id: 'inbox',
		column: 'main',
		order: 10,
		title: 'Inbox',
		subtitle: 'messages, cards and group-bot posts your workflows sent · refreshes every 2 s',
		refreshMs: 2000,
		async render(inbox) {
			const [app, bot] = await Promise.all([getJson('/__sandbox/inbox').catch(() => undefined), getJson('/__sandbox/webhook/messages').catch(() => undefined)]);
			const rows = [...rowsOf(app).map((entry) => ({ entry, source: 'app' })), ...botRowsOf(bot).map((entry) => ({ entry, source: 'bot' }))];
			rows.sort((a, b) => timeOf(b.entry) - timeOf(a.entry));
			// keep open "raw" details open across refreshes
			if (inbox.querySelector('details[open]')) return;
			inbox.replaceChildren();
			if (app === undefined && bot === undefined) inbox.append(el('p', { class: 'empty' }, 'This sandbox has no message or group-bot routes yet.'));
			else if (rows.length === 0) inbox.append(el('p', { class: 'empty' }, 'Nothing sent yet. Run a workflow that sends a WeCom message or a group-bot post.'));
			for (const { entry, source } of rows.slice(0, 100)) inbox.append(renderMessage(entry, source));
		},
	});
})();
