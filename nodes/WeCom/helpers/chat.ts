import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { isDataObject } from '../../shared/dataObject';
import { entriesOf, inputError, objectParameter, pickedIds, requestBodyOf } from './parameters';

/* preSend code of the app group chat (appchat) operations and of the customer group list. */

/** appchat/create takes 2 to 2000 members (doc 90245). */
export const MIN_CHAT_MEMBERS = 2;
export const MAX_CHAT_MEMBERS = 2000;

/** User IDs from a Members-style fixedCollection ({ users: [{ user: locator }] }), deduplicated. */
export function memberIds(collection: IDataObject): string[] {
	return pickedIds(entriesOf(collection, 'users'), 'user', true);
}

/** preSend of Chat → Create: the member list, and WeCom's rules for members and chat IDs. */
export async function prepareChatCreate(
	this: IExecuteSingleFunctions,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = requestBodyOf(options.body);
	const members = memberIds(objectParameter(this, 'members'));
	const owner = typeof body.owner === 'string' ? body.owner.trim() : '';
	if (owner && !members.some((id) => id.toLowerCase() === owner.toLowerCase())) members.unshift(owner);
	if (members.length < MIN_CHAT_MEMBERS) {
		throw inputError(
			this,
			`A group chat needs at least ${MIN_CHAT_MEMBERS} members; ${members.length} given`,
			'Add members under Members (the owner counts as one).',
		);
	}
	if (members.length > MAX_CHAT_MEMBERS) {
		throw inputError(this, `A group chat can have at most ${MAX_CHAT_MEMBERS} members; ${members.length} given`);
	}
	if (body.chatid !== undefined && !/^[0-9a-zA-Z]{1,32}$/.test(String(body.chatid))) {
		throw inputError(
			this,
			`Chat ID "${String(body.chatid)}" is not valid`,
			'A chat ID is 1 to 32 letters or digits. Leave it empty and WeCom makes one up.',
		);
	}
	body.userlist = members;
	return { ...options, body };
}

/** preSend of Chat → Update: members to add and remove; at least one change. */
export async function prepareChatUpdate(
	this: IExecuteSingleFunctions,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = requestBodyOf(options.body);
	const changes = objectParameter(this, 'updateFields');
	const add = memberIds(isDataObject(changes.addMembers) ? changes.addMembers : {});
	const remove = memberIds(isDataObject(changes.removeMembers) ? changes.removeMembers : {});
	if (add.length) body.add_user_list = add;
	if (remove.length) body.del_user_list = remove;
	const changed = ['name', 'owner', 'add_user_list', 'del_user_list'].some((key) => body[key] !== undefined);
	if (!changed) {
		throw inputError(this, 'Nothing to update', 'Add a new name, a new owner, or members to add or remove under Update Fields.');
	}
	return { ...options, body };
}

/** preSend of Chat → Get Many Customer Groups: the owner filter from the Owners picker. */
export async function prepareCustomerGroupFilter(
	this: IExecuteSingleFunctions,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = requestBodyOf(options.body);
	const filters = objectParameter(this, 'filters');
	const owners = memberIds(isDataObject(filters.owners) ? filters.owners : {});
	if (owners.length > 100) {
		throw inputError(this, `Too many owners: ${owners.length} given, WeCom filters by at most 100`);
	}
	if (owners.length) body.owner_filter = { userid_list: owners };
	return { ...options, body };
}
