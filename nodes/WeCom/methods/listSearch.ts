import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { weComApiRequest } from '../../shared/transport';

const PAGE_SIZE = 100;

function matches(filter: string | undefined, text: string): boolean {
	return !filter || text.toLowerCase().includes(filter.toLowerCase());
}

/** Pages through already-filtered rows, 100 at a time, with the offset as the token. */
function page(
	results: INodeListSearchResult['results'],
	paginationToken: string | undefined,
): INodeListSearchResult {
	const start = Number(paginationToken ?? 0) || 0;
	const end = start + PAGE_SIZE;
	return {
		results: results.slice(start, end),
		paginationToken: end < results.length ? String(end) : undefined,
	};
}

function rowsOf(body: IDataObject, property: string): IDataObject[] {
	const value = body[property];
	return Array.isArray(value)
		? value.filter((row): row is IDataObject => typeof row === 'object' && row !== null)
		: [];
}

export async function searchDepartments(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const body = await weComApiRequest.call(this, { method: 'GET', url: '/cgi-bin/department/list' });
	const results = rowsOf(body, 'department')
		.map((department) => ({
			name: `${String(department.name)} (${String(department.id)})`,
			value: String(department.id),
		}))
		.filter((result) => matches(filter, result.name));
	return page(results, paginationToken);
}

export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const body = await weComApiRequest.call(this, {
		method: 'GET',
		url: '/cgi-bin/user/simplelist',
		qs: { department_id: 1, fetch_child: 1 },
	});
	const results = rowsOf(body, 'userlist')
		.map((user) => ({
			name: `${String(user.name)} (${String(user.userid)})`,
			value: String(user.userid),
		}))
		.filter((result) => matches(filter, result.name));
	return page(results, paginationToken);
}

export async function searchTags(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const body = await weComApiRequest.call(this, { method: 'GET', url: '/cgi-bin/tag/list' });
	const results = rowsOf(body, 'taglist')
		.map((tag) => ({ name: `${String(tag.tagname)} (${String(tag.tagid)})`, value: String(tag.tagid) }))
		.filter((result) => matches(filter, result.name));
	return page(results, paginationToken);
}
export { searchSheets } from './smartSheet';
