/**
 * The package's router (nodes/shared/routing) runs the nodes' routing descriptions as code. These
 * tests keep every description within what the router understands, so an expression or action it
 * cannot run fails here instead of at a user's first execution.
 */
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeType } from 'n8n-workflow';

import { WeCom } from '../../nodes/WeCom/WeCom.node';
import { WeComGroupBot } from '../../nodes/WeComGroupBot/WeComGroupBot.node';
import { mergeInto, setAtPath } from '../../nodes/shared/routing/objectPath';
import { applyTransform, isKnownTransform, propertyNameOf } from '../../nodes/shared/routing/valueTransforms';

type Described = INodeProperties | INodePropertyOptions | INodePropertyCollection;

function* everyProperty(list: readonly Described[]): Generator<Described> {
	for (const property of list) {
		yield property;
		if ('options' in property && Array.isArray(property.options)) yield* everyProperty(property.options);
		if ('values' in property && Array.isArray(property.values)) yield* everyProperty(property.values);
	}
}

const routedNodes: Array<[string, INodeType]> = [
	['weCom', new WeCom()],
	['weComGroupBot', new WeComGroupBot()],
];

describe.each(routedNodes)('%s: every routing description runs in the router', (_name, node) => {
	const routed = [...everyProperty(node.description.properties)].flatMap((property) =>
		'routing' in property && property.routing ? [{ name: property.name, routing: property.routing }] : [],
	);

	test('it has routed fields and operations', () => {
		expect(routed.length).toBeGreaterThan(10);
	});

	test('each value expression is a known transform', () => {
		const unknown = routed
			.map(({ name, routing }) => ({ name, value: routing.send?.value }))
			.filter(({ value }) => typeof value === 'string' && !isKnownTransform(value));
		expect(unknown).toEqual([]);
	});

	test('each postReceive action is code, or a built-in the router runs', () => {
		const unsupported = routed.flatMap(({ name, routing }) =>
			(routing.output?.postReceive ?? [])
				.filter((action) => typeof action !== 'function' && !['rootProperty', 'limit'].includes(action.type))
				.map((action) => `${name}: ${typeof action === 'function' ? 'function' : action.type}`),
		);
		expect(unsupported).toEqual([]);
	});

	test('each maxResults is a number or a known transform', () => {
		const unknown = routed
			.map(({ name, routing }) => ({ name, maxResults: routing.output?.maxResults }))
			.filter(({ maxResults }) => typeof maxResults === 'string' && !isKnownTransform(maxResults));
		expect(unknown).toEqual([]);
	});

	test('each computed property name uses only $index or $parent', () => {
		const unknown = routed
			.map(({ routing }) => routing.send?.property)
			.filter((property): property is string => typeof property === 'string' && property.startsWith('='))
			.filter((property) => property.replace(/\{\{\s*\$(index|parent\.[A-Za-z0-9_]+)\s*\}\}/g, '').includes('{{'));
		expect(unknown).toEqual([]);
	});
});

describe('value transforms', () => {
	const keys = { credentials: { agentId: '1000002' } };

	test('the short forms', () => {
		expect(applyTransform('={{$value}}', 'x', keys)).toBe('x');
		expect(applyTransform('={{ $value ? 1 : 0 }}', true, keys)).toBe(1);
		expect(applyTransform('={{ $value ? 1 : 0 }}', false, keys)).toBe(0);
		expect(applyTransform('={{ $value || undefined }}', '', keys)).toBeUndefined();
		expect(applyTransform('={{Number($value)}}', '12', keys)).toBe(12);
		expect(applyTransform('={{ Number($value || $credentials.agentId) || 0 }}', '', keys)).toBe(1000002);
		expect(applyTransform('={{ Number($value || $credentials.agentId) || 0 }}', '7', keys)).toBe(7);
	});

	test('a mention list from text or an array', () => {
		const list = '={{ (Array.isArray($value) ? $value : String($value).split(/[,，;；\\s]+/)).map(entry => String(entry).trim()).filter(entry => entry !== "") }}';
		expect(applyTransform(list, 'zhangsan, lisi，@all;; 138', keys)).toEqual(['zhangsan', 'lisi', '@all', '138']);
		expect(applyTransform(list, [' a ', ''], keys)).toEqual(['a']);
	});

	test('an unknown expression is refused, never guessed', () => {
		expect(isKnownTransform('={{ $value + 1 }}')).toBe(false);
		expect(() => applyTransform('={{ $value + 1 }}', 1, keys)).toThrow('Unsupported routing value expression');
	});

	test('computed property names', () => {
		expect(propertyNameOf('=news.articles[{{$index}}].title', 2, () => '')).toBe('news.articles[2].title');
		expect(propertyNameOf('={{ $parent.name }}', 0, (key) => (key === 'name' ? 'userid' : ''))).toBe('userid');
		expect(propertyNameOf('text.content', undefined, () => '')).toBe('text.content');
	});
});

describe('request paths', () => {
	test('setAtPath builds nested objects and arrays', () => {
		const body = {};
		setAtPath(body, 'news.articles[1].title', 'T');
		setAtPath(body, 'news.articles[0].url', 'U');
		setAtPath(body, 'agentid', 7);
		expect(body).toEqual({ news: { articles: [{ url: 'U' }, { title: 'T' }] }, agentid: 7 });
	});

	test('mergeInto merges deep, keeps what a later undefined does not replace, and copes with sparse arrays', () => {
		const target = { text: { content: 'a' }, list: [{ a: 1 }] };
		const sparse: unknown[] = [];
		sparse[1] = { b: 2 };
		mergeInto(target, { text: { extra: 1 }, list: sparse });
		mergeInto(target, { text: { content: undefined } });
		expect(target).toEqual({ text: { content: 'a', extra: 1 }, list: [{ a: 1 }, { b: 2 }] });
	});
});
