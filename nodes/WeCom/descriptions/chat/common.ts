import type { INodeProperties } from 'n8n-workflow';

import { userLocator } from '../common';

/** A list of members picked from the directory: { users: [{ user: locator }] }. */
export function membersField(name: string, displayName: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Member',
		default: {},
		description,
		options: [{ displayName: 'Users', name: 'users', values: [userLocator({ name: 'user', displayName: 'Member' })] }],
	};
}

/** The ID of an app group chat. There is no list to pick from: WeCom has no appchat/list. */
export const chatIdField: INodeProperties = {
	displayName: 'Chat ID',
	name: 'chatId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA',
	description:
		'The chatid that Chat → Create returned. WeCom cannot list app group chats, so keep the IDs you create (e.g. in a Data Table).',
};

export const appChatNotice: INodeProperties = {
	displayName:
		'WeCom has no API to list app group chats (there is no appchat/list). This app can only read, change and post to chats it created itself, by chat ID: Create returns that ID for the next node. Chats made by hand in the WeCom app are out of reach. The app’s Visible Range must be the whole company (root department).',
	name: 'appChatNotice',
	type: 'notice',
	default: '',
};

export const customerGroupNotice: INodeProperties = {
	displayName:
		'Customer groups (客户群) need the Customer Contact secret (客户联系 → API → Secret) in the credential, or a self-built app added to Customer Contact → API → Callable Apps (可调用应用). Only groups whose owner is in the app’s Visible Range are returned.',
	name: 'customerGroupNotice',
	type: 'notice',
	default: '',
};
