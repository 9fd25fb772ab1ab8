import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';

import { sendRoutedRequest } from '../../shared/transport';
import {
	booleanParameter,
	entriesOf,
	inputError,
	locatorValue,
	objectParameter,
	pickedIds,
	requestBodyOf,
	splitIdList,
	textOf,
} from './parameters';

/*
 * WeCom's directory rules (wecom-api.md §3), checked before any request so a bad value costs no
 * call and the error names the field and the rule.
 */

/** 1–64 characters of letters, digits, _ - @ . — starting with a letter or digit. */
const USER_ID_PATTERN = /^[0-9A-Za-z][0-9A-Za-z_\-@.]{0,63}$/;
const DEPARTMENT_NAME_FORBIDDEN = /[\\:*?"<>|]/;
export const MAX_TAG_USERS = 1000;
export const MAX_TAG_DEPARTMENTS = 100;
export const MAX_BATCH_DELETE = 200;
const MAX_DIRECT_LEADERS = 5;

function checkUserId(context: IExecuteSingleFunctions, field: string, userId: string): void {
	if (!USER_ID_PATTERN.test(userId)) {
		throw inputError(
			context,
			`${field} "${userId}" is not a valid WeCom user ID`,
			'A user ID (账号) has 1 to 64 characters: letters, digits, _ - @ or . and starts with a letter or digit.',
		);
	}
}

function checkDepartmentName(context: IExecuteSingleFunctions, name: string): void {
	if (name.length === 0 || [...name].length > 32 || DEPARTMENT_NAME_FORBIDDEN.test(name)) {
		throw inputError(
			context,
			`Department name "${name}" breaks WeCom’s rule`,
			'A department name has 1 to 32 characters and none of \\ : * ? " < > |',
		);
	}
}

/** Department memberships (department, order, leader flag) as WeCom's three parallel arrays. */
function applyMemberships(context: IExecuteSingleFunctions, body: IDataObject): void {
	const memberships = entriesOf(objectParameter(context, 'departments'), 'membership');
	if (memberships.length === 0) return;
	const departments: number[] = [];
	const orders: number[] = [];
	const leaderFlags: number[] = [];
	for (const membership of memberships) {
		const id = locatorValue(membership.department);
		if (!/^[0-9]+$/.test(id)) {
			throw inputError(context, `"${id}" is not a department ID`, 'A department ID is a whole number, e.g. 2.');
		}
		departments.push(Number(id));
		orders.push(Number(membership.order ?? 0));
		leaderFlags.push(membership.isLeader === true ? 1 : 0);
	}
	if (departments.length > 100) {
		throw inputError(context, `A member can be in at most 100 departments, ${departments.length} given`);
	}
	body.department = departments;
	body.order = orders;
	body.is_leader_in_dept = leaderFlags;
}

/** External attributes (扩展属性) as WeCom's extattr.attrs list. */
function applyExternalAttributes(context: IExecuteSingleFunctions, body: IDataObject): void {
	const attributes = entriesOf(objectParameter(context, 'externalAttributes'), 'attribute');
	if (attributes.length === 0) return;
	body.extattr = {
		attrs: attributes.map((attribute) =>
			attribute.type === 'web'
				? { type: 1, name: textOf(attribute.name), web: { url: textOf(attribute.url), title: textOf(attribute.value) } }
				: { type: 0, name: textOf(attribute.name), text: { value: textOf(attribute.value) } },
		),
	};
}

function applyDirectLeaders(context: IExecuteSingleFunctions, body: IDataObject): void {
	if (body.direct_leader === undefined) return;
	const leaders = splitIdList(body.direct_leader);
	if (leaders.length > MAX_DIRECT_LEADERS) {
		throw inputError(context, `Direct Leaders: at most ${MAX_DIRECT_LEADERS} user IDs, ${leaders.length} given`);
	}
	leaders.forEach((leader) => checkUserId(context, 'Direct Leaders', leader));
	body.direct_leader = leaders;
}

/** preSend of User → Create: checks WeCom's rules and shapes memberships and attributes. */
export async function prepareNewUser(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = requestBodyOf(requestOptions.body);
	checkUserId(this, 'User ID', textOf(body.userid));
	const name = textOf(body.name);
	if (name.trim() === '' || [...name].length > 64) {
		throw inputError(this, 'Name must have 1 to 64 characters');
	}
	applyMemberships(this, body);
	if (!Array.isArray(body.department)) {
		throw inputError(this, 'Add at least one department', 'Every member belongs to at least one department.');
	}
	if (!body.mobile && !body.email) {
		throw inputError(
			this,
			'Set Mobile or Email',
			'WeCom needs a mobile number or an email address to invite a new member.',
		);
	}
	applyExternalAttributes(this, body);
	applyDirectLeaders(this, body);
	requestOptions.body = body;
	return requestOptions;
}

/** preSend of User → Update: only what the user set is in the body; shape and check it. */
export async function prepareUserUpdate(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = requestBodyOf(requestOptions.body);
	applyMemberships(this, body);
	applyExternalAttributes(this, body);
	applyDirectLeaders(this, body);
	if (body.name !== undefined && (textOf(body.name).trim() === '' || [...textOf(body.name)].length > 64)) {
		throw inputError(this, 'Name must have 1 to 64 characters');
	}
	if (Object.keys(body).length <= 1) {
		throw inputError(this, 'Nothing to update', 'Add at least one field under Update Fields or Departments.');
	}
	requestOptions.body = body;
	return requestOptions;
}

/** preSend of User → Delete Many: the list of user IDs, each checked. */
export async function prepareUserIdList(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const userIds = splitIdList(this.getNodeParameter('userIds', ''));
	if (userIds.length === 0) throw inputError(this, 'User IDs is empty', 'Give the user IDs to delete.');
	userIds.forEach((userId) => checkUserId(this, 'User IDs', userId));
	requestOptions.body = { useridlist: [...new Set(userIds)] };
	return requestOptions;
}

/** preSend of Department → Create / Update: the name rule. */
export async function checkDepartmentNameField(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = requestBodyOf(requestOptions.body);
	if (body.name !== undefined) checkDepartmentName(this, textOf(body.name));
	return requestOptions;
}

/** preSend of Tag → Add / Remove Members: users and departments from the pickers, within caps. */
export async function prepareTagMembers(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const members = objectParameter(this, 'members');
	const users = pickedIds(entriesOf(members, 'users'), 'user', false);
	const departments = pickedIds(entriesOf(members, 'departments'), 'department', false);
	if (users.length === 0 && departments.length === 0) {
		throw inputError(this, 'Add at least one user or department under Members');
	}
	if (users.length > MAX_TAG_USERS) {
		throw inputError(this, `Members: at most ${MAX_TAG_USERS} users per call, ${users.length} given`, 'Split the users over several items.');
	}
	if (departments.length > MAX_TAG_DEPARTMENTS) {
		throw inputError(
			this,
			`Members: at most ${MAX_TAG_DEPARTMENTS} departments per call, ${departments.length} given`,
			'Split the departments over several items.',
		);
	}
	users.forEach((userId) => checkUserId(this, 'Members → User', userId));
	const badDepartment = departments.find((id) => !/^[0-9]+$/.test(id));
	if (badDepartment !== undefined) {
		throw inputError(this, `"${badDepartment}" is not a department ID`, 'A department ID is a whole number.');
	}
	const body = requestBodyOf(requestOptions.body);
	if (users.length) body.userlist = users;
	if (departments.length) body.partylist = departments.map(Number);
	requestOptions.body = body;
	return requestOptions;
}

/**
 * postReceive of Tag → Add / Remove Members: WeCom accepts the valid members and lists the rest
 * as "a|b" and [ids]; they become arrays the next node can use, or an error if asked.
 */
export async function reportInvalidMembers(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return items.map((item) => {
		const invalidUsers = splitIdList(item.json.invalidlist);
		const invalidDepartments = Array.isArray(item.json.invalidparty) ? item.json.invalidparty.map(Number) : [];
		if ((invalidUsers.length || invalidDepartments.length) && booleanParameter(this, 'failOnInvalidMembers')) {
			throw inputError(
				this,
				`WeCom rejected ${invalidUsers.length} user(s) and ${invalidDepartments.length} department(s)`,
				`Invalid users: ${invalidUsers.join(', ') || 'none'}; invalid departments: ${invalidDepartments.join(', ') || 'none'}. Check them under Contacts and the app’s Visible Range.`,
			);
		}
		return { ...item, json: { success: true, invalidUsers, invalidDepartments } };
	});
}

/**
 * Pagination hook that splits one list in the body into WeCom-sized batches and sends each
 * through the transport: one input item may need several calls (user/batchdelete takes 200).
 */
export function sendInBatches(listProperty: string, batchSize: number) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const body = requestBodyOf(requestData.options.body);
		const list = Array.isArray(body[listProperty]) ? body[listProperty] : [];
		const batches: unknown[][] = [];
		for (let start = 0; start < list.length; start += batchSize) batches.push(list.slice(start, start + batchSize));
		for (const batch of batches) {
			await sendRoutedRequest(this, {
				...requestData,
				options: { ...requestData.options, body: { ...body, [listProperty]: batch } },
			});
		}
		return [{ json: { success: true, [listProperty]: list, batches: batches.length } }];
	};
}

/**
 * postReceive for writes WeCom answers with only errcode 0: the output names what was changed,
 * so the next node can use it (e.g. { userid: "zhangsan", updated: true }).
 */
export function confirmChange(outputKey: string, parameterName: string, flag: string, numeric = false) {
	return async function (
		this: IExecuteSingleFunctions,
		items: INodeExecutionData[],
	): Promise<INodeExecutionData[]> {
		const raw = this.getNodeParameter(parameterName, '', { extractValue: true });
		const value = numeric ? Number(textOf(raw)) : textOf(raw);
		return items.map((item) => ({ ...item, json: { [outputKey]: value, [flag]: true } }));
	};
}
