// @ts-nocheck -- a browser script: the repo's typecheck knows Node's types, not the DOM's
// Approvals: the applications the sandbox holds (sandbox/routes/approvals.js). A decision changes
// the application, then the sandbox sends WeCom's sys_approval_change callback to the triggers.
'use strict';

(() => {
	const { el, getJson, postJson, panel } = window.SandboxPage;
	const STATUS = { 1: 'pending', 2: 'approved', 3: 'rejected', 4: 'revoked', 6: 'revoked after approval', 7: 'deleted', 10: 'paid' };
	const result = el('div', { class: 'result', id: 'approval-result' });
	const list = el('div', { id: 'approvals' });

	function show(lines, ok) {
		result.className = `result ${ok === undefined ? '' : ok ? 'ok' : 'fail'}`;
		result.replaceChildren(...lines.map((line) => el('div', {}, line)));
	}

	async function decide(spNo, decision, refresh) {
		show([`${decision === 'approve' ? 'Approving' : 'Rejecting'} ${spNo}…`]);
		try {
			const decided = await postJson('/ui/approvals/decide', { sp_no: spNo, decision });
			if (!decided.ok) return show([decided.error || 'The sandbox refused the decision'], false);
			const sent = await postJson('/ui/callback', decided.callback);
			const lines = [`${spNo} is now ${STATUS[decided.sp_status] || decided.sp_status}; sys_approval_change sent:`];
			if (sent.error) lines.push(sent.error);
			for (const item of sent.results || []) lines.push(`${item.ok ? '✓' : '✗'} ${item.name}: ${item.summary || item.error || `HTTP ${item.status}`}`);
			show(lines, sent.ok);
		} catch (error) {
			show([`Could not reach the sandbox: ${error}`], false);
		}
		refresh();
	}

	async function render(body) {
		if (!body.contains(list)) body.replaceChildren(list, result);
		const answer = await getJson('/ui/approvals');
		if (!answer) return;
		const table = el('table', {}, el('tr', {}, el('th', {}, 'number'), el('th', {}, 'template'), el('th', {}, 'applicant'), el('th', {}, 'status'), el('th', {}, 'summary'), el('th', {}, '')));
		for (const application of answer.applications) {
			const refresh = () => render(body);
			const actions =
				application.sp_status === 1
					? el('td', {}, el('button', { type: 'button', onclick: () => decide(application.sp_no, 'approve', refresh) }, 'Approve'), ' ', el('button', { type: 'button', onclick: () => decide(application.sp_no, 'reject', refresh) }, 'Reject'))
					: el('td', {});
			table.append(el('tr', {}, el('td', {}, application.sp_no), el('td', {}, application.sp_name), el('td', {}, application.applicant), el('td', {}, STATUS[application.sp_status] || String(application.sp_status)), el('td', {}, application.summary.join(' · ')), actions));
		}
		list.replaceChildren(answer.applications.length ? table : el('p', {}, 'No applications yet: submit one with the WeCom node (Approval → Submit).'));
	}

	panel({
		id: 'approvals-section',
		column: 'side',
		order: 40,
		title: 'Approvals',
		subtitle: 'applications in the sandbox · Approve or Reject as the current approver, which sends sys_approval_change to the WeCom Triggers',
		render,
		refreshMs: 3000,
	});
})();
