// @ts-nocheck -- a browser script: the repo's typecheck knows Node's types, not the DOM's
// The sandbox page's frame: helpers every panel uses, and the panel registry.
//
// Each feature has its own panel script in sandbox/page/panels/ (one file per feature, no shared
// list to edit): the page loads every file GET /ui/panels names, and each calls
//
//   SandboxPage.panel({ id, column: 'main' | 'side', order, title, subtitle, render, refreshMs })
//
// render(body) fills the panel's <div id="<id>">; it runs once and then every refreshMs (if set).
// Panels talk through SandboxPage.on(name, handler) / SandboxPage.emit(name, value), e.g. the
// inbox's card buttons emit 'card-click' and the callback panel sends it.
//
// All data is inserted as text (textContent or the markdown renderer's DOM nodes): message
// contents come from workflows and may hold HTML.
'use strict';

(() => {
	function el(tag, attributes, ...children) {
		const node = document.createElement(tag);
		for (const [key, value] of Object.entries(attributes || {})) {
			if (value === undefined || value === null || value === false) continue;
			if (key === 'class') node.className = value;
			else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
			else node.setAttribute(key, value === true ? '' : value);
		}
		for (const child of children.flat()) if (child !== undefined && child !== null && child !== false) node.append(child instanceof Node ? child : String(child));
		return node;
	}

	async function getJson(url) {
		const response = await fetch(url, { cache: 'no-store' });
		if (!response.ok) return undefined;
		return await response.json();
	}

	async function postJson(url, body) {
		const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		return await response.json();
	}

	// ---- WeCom markdown, rendered the way the WeCom client shows it -------------------------
	// App and group-bot "markdown": headings, bold, links, inline code, quotes and
	// <font color="info|comment|warning">. Group bots' "markdown_v2" adds italics, lists, tables,
	// code blocks and rules. Anything else stays plain text.
	const FONT_COLORS = { info: 'font-info', comment: 'font-comment', warning: 'font-warning' };
	const INLINE = /(\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)|<font\s+color\s*=\s*["']?(info|comment|warning)["']?\s*>([\s\S]*?)<\/font>)/;

	function inline(text) {
		const nodes = [];
		let rest = text;
		while (rest.length > 0) {
			const match = INLINE.exec(rest);
			if (!match) { nodes.push(rest); break; }
			if (match.index > 0) nodes.push(rest.slice(0, match.index));
			const [whole, , bold, italic, code, linkText, href, color, colored] = match;
			if (bold !== undefined) nodes.push(el('strong', {}, inline(bold)));
			else if (italic !== undefined) nodes.push(el('em', {}, inline(italic)));
			else if (code !== undefined) nodes.push(el('code', {}, code));
			else if (linkText !== undefined) nodes.push(/^https?:\/\//i.test(href) ? el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, inline(linkText)) : linkText);
			else if (color !== undefined) nodes.push(el('span', { class: FONT_COLORS[color] }, inline(colored)));
			rest = rest.slice(match.index + whole.length);
		}
		return nodes;
	}

	function tableRow(line) {
		return line.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim());
	}

	function markdown(source) {
		const box = el('div', { class: 'markdown' });
		const lines = String(source).replace(/\r\n?/g, '\n').split('\n');
		for (let index = 0; index < lines.length; index++) {
			const line = lines[index];
			let match;
			if (/^```/.test(line)) {
				const code = [];
				while (++index < lines.length && !/^```/.test(lines[index])) code.push(lines[index]);
				box.append(el('pre', {}, code.join('\n')));
			} else if ((match = /^(#{1,6})\s+(.*)$/.exec(line))) {
				box.append(el(`h${Math.min(match[1].length + 2, 6)}`, {}, inline(match[2])));
			} else if ((match = /^>\s?(.*)$/.exec(line))) {
				box.append(el('blockquote', {}, inline(match[1])));
			} else if (/^(-{3,}|\*{3,})\s*$/.test(line)) {
				box.append(el('hr'));
			} else if ((match = /^\s*([-*+]|\d+\.)\s+(.*)$/.exec(line))) {
				box.append(el('div', { class: 'list-item' }, el('span', { class: 'bullet' }, /\d/.test(match[1]) ? match[1] : '•'), ' ', inline(match[2])));
			} else if (/^\s*\|.*\|\s*$/.test(line) && /^\s*\|?\s*:?-{3,}/.test(lines[index + 1] || '')) {
				const table = el('table', { class: 'md-table' }, el('tr', {}, tableRow(line).map((cell) => el('th', {}, inline(cell)))));
				index++;
				while (index + 1 < lines.length && /^\s*\|.*\|\s*$/.test(lines[index + 1])) table.append(el('tr', {}, tableRow(lines[++index]).map((cell) => el('td', {}, inline(cell)))));
				box.append(table);
			} else if (line.trim() === '') {
				box.append(el('div', { class: 'blank' }));
			} else {
				box.append(el('div', {}, inline(line)));
			}
		}
		return box;
	}

	// ---- panels ---------------------------------------------------------------------------------
	const handlers = new Map();
	function on(name, handler) {
		if (!handlers.has(name)) handlers.set(name, []);
		handlers.get(name).push(handler);
	}
	function emit(name, value) {
		for (const handler of handlers.get(name) || []) handler(value);
	}

	function panel(options) {
		const column = document.getElementById(options.column === 'side' ? 'side-column' : 'main-column');
		const order = Number(options.order ?? 50);
		const body = el('div', { id: options.id });
		const section = el('section', { 'data-panel': options.id, 'data-order': order },
			el('h2', {}, options.title, options.subtitle ? el('small', {}, options.subtitle) : null),
			body);
		const after = [...column.children].find((other) => Number(other.dataset.order) > order);
		column.insertBefore(section, after || null);
		const run = () => Promise.resolve(options.render(body)).catch((error) => console.warn(`panel ${options.id}:`, error));
		run();
		if (options.refreshMs) setInterval(run, options.refreshMs);
		return { body, refresh: run };
	}

	// One /ui/state for every panel that needs the directory, the corp or the callback targets.
	let state;
	let pending;
	async function loadState(fresh) {
		if (fresh || !pending) pending = getJson('/ui/state').then((answer) => { if (answer) { state = answer; emit('state', state); } return state; });
		return await pending;
	}

	on('state', (current) => {
		const { corp } = current;
		document.getElementById('corp').replaceChildren('Corp ID ', el('code', {}, corp.corpId), ' · Agent ID ', el('code', {}, corp.agentId), ' · API Base URL ', el('code', {}, corp.apiBaseUrl));
	});

	window.SandboxPage = { el, getJson, postJson, markdown, panel, on, emit, state: loadState, current: () => state };

	async function loadPanels() {
		loadState(true);
		const answer = await getJson('/ui/panels');
		for (const file of (answer && answer.panels) || []) {
			await new Promise((resolve) => {
				const script = el('script', { src: `/ui/page/panels/${file}` });
				script.addEventListener('load', resolve);
				script.addEventListener('error', resolve);
				document.body.append(script);
			});
		}
		if (state) emit('state', state);
		setInterval(() => loadState(true), 5000);
	}
	loadPanels();
})();
