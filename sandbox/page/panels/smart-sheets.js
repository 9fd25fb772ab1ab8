// @ts-nocheck -- a browser script: the repo's typecheck knows Node's types, not the DOM's
// Smart sheets (GET /ui/sheets, sandbox/routes/smartSheets.js): one table per sheet with its last
// rows, and the webhook key and sample JSON a member would copy from "Receive External Data".
'use strict';

(() => {
	const { el, getJson, panel } = window.SandboxPage;

	function sheetBlock(doc, sheet) {
		const head = el('tr', {}, sheet.columns.map((column) => el('th', { title: column.type }, column.title)));
		const rows = sheet.rows.map((row) => el('tr', {}, row.map((cell) => el('td', {}, cell))));
		const origin = doc.createdByApp ? 'created by the app' : 'made by a member: the app cannot read it (851003)';
		return el('div', { class: 'message' },
			el('div', { class: 'meta' }, el('strong', {}, `${doc.doc_name} → ${sheet.title}`), el('span', {}, [`docid ${doc.docid}`, `sheet ${sheet.sheet_id}`, `${sheet.rowCount} rows`, origin].join(' · '))),
			el('table', {}, head, rows.length ? rows : el('tr', {}, el('td', { class: 'empty', colspan: String(sheet.columns.length) }, 'no rows yet'))),
			sheet.webhookKey
				? el('details', {}, el('summary', {}, `Receive External Data: key ${sheet.webhookKey} and sample JSON`), el('pre', {}, JSON.stringify(sheet.webhookSample, null, 2)))
				: null);
	}

	panel({
		id: 'sheets',
		column: 'main',
		order: 95,
		title: 'Smart sheets',
		subtitle: 'documents, their sheets and last 50 rows · refreshes every 2 s',
		refreshMs: 2000,
		async render(box) {
			const answer = await getJson('/ui/sheets').catch(() => undefined);
			const docs = answer && Array.isArray(answer.docs) ? answer.docs : [];
			const blocks = docs.flatMap((doc) => doc.sheets.map((sheet) => sheetBlock(doc, sheet)));
			box.replaceChildren(...(blocks.length ? blocks : [el('p', { class: 'empty' }, 'No smart sheets.')]));
		},
	});
})();
