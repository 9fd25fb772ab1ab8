import type { IDataObject } from 'n8n-workflow';

import { booleanParameter, entriesOf, inputError, objectParameter, pickedIds } from './parameters';
import type { ItemParameters } from './parameters';

/** WeCom's caps per message (doc 90236): 1000 users, 100 departments, 100 tags. */
export const MAX_USERS = 1000;
export const MAX_DEPARTMENTS = 100;
export const MAX_TAGS = 100;

export interface Recipients {
	toAll: boolean;
	users: string[];
	departments: string[];
	tags: string[];
}

/**
 * Reads the "Send to Everyone" switch and the Recipients pickers, and checks them against WeCom's
 * rules before anything is sent: at least one recipient, at most 1000 users and 100 departments or
 * tags, department and tag IDs numeric.
 */
export function readRecipients(context: ItemParameters): Recipients {
	const toAll = booleanParameter(context, 'toAll');
	if (toAll) return { toAll, users: [], departments: [], tags: [] };
	const recipients = objectParameter(context, 'recipients');
	const users = pickedIds(entriesOf(recipients, 'users'), 'user', true);
	const departments = pickedIds(entriesOf(recipients, 'departments'), 'department', false);
	const tags = pickedIds(entriesOf(recipients, 'tags'), 'tag', false);
	if (users.includes('@all')) return { toAll: true, users: [], departments: [], tags: [] };

	if (users.length + departments.length + tags.length === 0) {
		throw inputError(
			context,
			'No recipients: add users, departments or tags, or turn on Send to Everyone',
			'WeCom needs at least one user, department or tag to deliver a message to (errcode 82001 otherwise).',
		);
	}
	const tooMany = (count: number, max: number, what: string) =>
		inputError(
			context,
			`Too many ${what}: ${count} given, WeCom accepts at most ${max} per message`,
			`Split the ${what} over several items (for example with the Loop Over Items node), or address a department or tag instead.`,
		);
	if (users.length > MAX_USERS) throw tooMany(users.length, MAX_USERS, 'users');
	if (departments.length > MAX_DEPARTMENTS) throw tooMany(departments.length, MAX_DEPARTMENTS, 'departments');
	if (tags.length > MAX_TAGS) throw tooMany(tags.length, MAX_TAGS, 'tags');
	for (const [ids, what] of [
		[departments, 'department'],
		[tags, 'tag'],
	] as const) {
		const bad = ids.find((id) => !/^[0-9]+$/.test(id));
		if (bad !== undefined) {
			throw inputError(context, `"${bad}" is not a ${what} ID`, `A ${what} ID is a whole number, e.g. 2.`);
		}
	}
	return { toAll, users, departments, tags };
}

/** message/send's form: IDs joined with `|`, or touser "@all". */
export function messageSendRecipients(recipients: Recipients): IDataObject {
	if (recipients.toAll) return { touser: '@all' };
	const body: IDataObject = {};
	if (recipients.users.length) body.touser = recipients.users.join('|');
	if (recipients.departments.length) body.toparty = recipients.departments.join('|');
	if (recipients.tags.length) body.totag = recipients.tags.join('|');
	return body;
}

/** message/update_template_card's form: arrays, or atall 1. */
export function cardUpdateRecipients(recipients: Recipients): IDataObject {
	if (recipients.toAll) return { atall: 1 };
	const body: IDataObject = {};
	if (recipients.users.length) body.userids = recipients.users;
	if (recipients.departments.length) body.partyids = recipients.departments.map(Number);
	if (recipients.tags.length) body.tagids = recipients.tags.map(Number);
	return body;
}
