import { NodeOperationError, jsonParse, updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { isDataObject } from '../../../shared/dataObject';
import { entryCollection, textValue } from '../../../shared/fields';
import { MAX_ARTICLES } from '../../helpers/limits';
import { payloadOf } from '../../helpers/types';
import type { Planner } from '../../helpers/types';

export const option: INodePropertyOptions = {
	name: 'News',
	value: 'news',
	description: 'One to eight link cards with title, description and picture',
};

const fields: INodeProperties[] = [
	{
		displayName: 'Define Articles',
		name: 'articlesInput',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json', description: 'An array of articles, e.g. from an expression' },
		],
		default: 'fields',
	},
	entryCollection(
		{
			displayName: 'Articles',
			name: 'articles',
			typeOptions: { multipleValues: true, sortable: true, maxAllowedFields: MAX_ARTICLES },
			placeholder: 'Add Article',
			description: 'One to eight articles; the first is shown large',
			displayOptions: { show: { articlesInput: ['fields'] } },
			routing: { send: { type: 'body', property: 'news.articles', value: '={{ $value.article }}' } },
		},
		{ displayName: 'Article', name: 'article' },
		[
			textValue('Title', 'title', { required: true, description: 'Up to 128 bytes; WeCom cuts longer titles' }),
			textValue('Description', 'description', { description: 'Up to 512 bytes; WeCom cuts longer descriptions' }),
			textValue('URL', 'url', {
				required: true,
				placeholder: 'https://example.com/report',
				description: 'The page that opens when the article is tapped',
			}),
			textValue('Picture URL', 'picurl', {
				placeholder: 'https://example.com/cover.png',
				description: 'JPG or PNG; 1068×455 for the large picture, 150×150 for the small ones',
			}),
		],
	),
	{
		displayName: 'Articles (JSON)',
		name: 'articlesJson',
		type: 'json',
		default: '[\n  {\n    "title": "",\n    "description": "",\n    "url": "",\n    "picurl": ""\n  }\n]',
		required: true,
		description: 'An array of one to eight articles as WeCom documents them (title, description, URL, picurl)',
		displayOptions: { show: { articlesInput: ['json'] } },
		routing: { send: { type: 'body', property: 'news.articles' } },
	},
];

export const description = updateDisplayOptions(
	{ show: { operation: ['send'], messageType: ['news'] } },
	fields,
);

function asArticleList(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	return jsonParse(value, { errorMessage: 'The articles are not valid JSON' });
}

export const plan: Planner = async (context, body) => {
	const node = context.getNode();
	const itemIndex = context.getItemIndex();
	let list: unknown;
	try {
		list = asArticleList(payloadOf(body, 'news').articles);
	} catch (error) {
		throw new NodeOperationError(node, 'The articles are not valid JSON', {
			itemIndex,
			description: error instanceof Error ? error.message : undefined,
		});
	}
	const articles = Array.isArray(list) ? list : list === undefined ? [] : [list];
	if (articles.length < 1 || articles.length > MAX_ARTICLES) {
		throw new NodeOperationError(node, `A news message needs 1 to ${MAX_ARTICLES} articles, not ${articles.length}`, {
			itemIndex,
		});
	}
	const cleaned: IDataObject[] = articles.map((article, index) => {
		if (!isDataObject(article)) {
			throw new NodeOperationError(node, `Article ${index + 1} is not an object`, { itemIndex });
		}
		for (const required of ['title', 'url']) {
			const value = article[required];
			if (typeof value !== 'string' || value.trim() === '') {
				throw new NodeOperationError(node, `Article ${index + 1} has no ${required}`, {
					itemIndex,
					description: 'Every article needs a title and a URL.',
				});
			}
		}
		const entry: IDataObject = {};
		for (const key of ['title', 'description', 'url', 'picurl']) {
			const value = article[key];
			if (typeof value === 'string' && value.trim() !== '') entry[key] = value;
		}
		return entry;
	});
	return { messages: [{ ...body, news: { articles: cleaned } }] };
};
