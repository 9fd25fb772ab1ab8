/**
 * Issue 12 §8: every errcode the package's operations can meet has a hint in the node's words,
 * with where to look in the admin console; the hints live in one table (nodes/shared/errcodeHints.ts).
 */
import { ERRCODE_HINTS } from '../../nodes/shared/errcodeHints';
import { describeErrcode } from '../../nodes/shared/errors';
import { sandboxErrcodes } from '../support/sandboxErrcodes';

/**
 * The errcodes of the reference table of WeCom's error codes that the operations use
 * (shared reference wecom-api.md §2, from doc 90313), and the families issue 12 names.
 */
const REFERENCE_ERRCODES = [
	-1, 40001, 40013, 40014, 41001, 42001, 45009, 45033, 45002, 40058, 48002, 48009, 60011, 60020, 60111, 81013,
	82001, 82002, 40007, 830002, 81017, 45029,
];
const NAMED_IN_THE_ISSUE = [60111, 60123, 40003, 86216, 301002, 48001, 48002, 48004, 48005, 48006, 48009];

describe('the errcode hint table', () => {
	test('the sandbox can answer with every errcode the operations meet, and it knows dozens', () => {
		expect(sandboxErrcodes().length).toBeGreaterThan(50);
	});

	test.each([...new Set([...sandboxErrcodes(), ...REFERENCE_ERRCODES, ...NAMED_IN_THE_ISSUE])])(
		'errcode %i has a hint',
		(errcode) => {
			expect(ERRCODE_HINTS[errcode]).toEqual(expect.any(String));
			expect(describeErrcode({ errcode, errmsg: 'x' }).description).toContain(ERRCODE_HINTS[errcode]);
		},
	);

	test('every 600xx contacts errcode the sandbox knows has a hint', () => {
		const contacts = sandboxErrcodes().filter((code) => code >= 60000 && code < 61000);
		expect(contacts.length).toBeGreaterThan(10);
		for (const code of contacts) expect(ERRCODE_HINTS[code]).toBeDefined();
	});

	test('hints speak the node’s language: a department, never a "party"', () => {
		for (const hint of Object.values(ERRCODE_HINTS)) expect(hint.toLowerCase()).not.toMatch(/\bparty\b/);
		expect(ERRCODE_HINTS[60123]).toContain('department');
		expect(ERRCODE_HINTS[60123]).toContain('Contacts (通讯录)');
	});
});
