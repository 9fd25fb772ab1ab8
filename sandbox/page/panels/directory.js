// @ts-nocheck -- a browser script: the repo's typecheck knows Node's types, not the DOM's
// Directory: the sandbox company's departments and members (as seeded, plus contact changes).
'use strict';

(() => {
	const { el, panel, on } = window.SandboxPage;
	const { body } = panel({ id: 'directory', column: 'side', order: 90, title: 'Directory', subtitle: 'seeded departments and members', render() {} });
	on('state', (state) => {
		const names = new Map(state.departments.map((department) => [department.id, department.name]));
		const list = el('table', {}, el('tr', {}, el('th', {}, 'member'), el('th', {}, 'departments')));
		for (const user of state.users) {
			list.append(el('tr', {}, el('td', {}, `${user.name} (${user.userid})`), el('td', {}, user.department.map((id) => `${names.get(id) || id} (${id})`).join(', '))));
		}
		body.replaceChildren(list);
	});
})();
