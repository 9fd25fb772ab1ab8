/**
 * The router's per-item context keeps each parameter read: the router and the operation's
 * preSend/postReceive code read the same parameters, and every read of an expression is an
 * evaluation in n8n's expression sandbox. These tests pin what may and may not be kept.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { isDataObject } from '../../nodes/shared/dataObject';
import { itemContextOf } from '../../nodes/shared/routing/itemContext';

function countingContext(values: Record<string, () => unknown>) {
	const reads: string[] = [];
	const context = {
		helpers: {},
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			reads.push(`${name}@${itemIndex}`);
			const read = values[name];
			return read ? read() : fallback;
		},
	} as unknown as IExecuteFunctions;
	return { context, reads };
}

describe('per-item parameter reads', () => {
	test('each parameter of an item is read from n8n once, whoever asks', () => {
		const { context, reads } = countingContext({ text: () => 'hello' });
		const view = itemContextOf(context, 3, async () => []);

		expect(view.getNodeParameter('text')).toBe('hello');
		expect(view.getNodeParameter('text')).toBe('hello');
		expect(reads).toEqual(['text@3']);
	});

	test('another fallback or other options are another read', () => {
		const { context, reads } = countingContext({});
		const view = itemContextOf(context, 0, async () => []);

		expect(view.getNodeParameter('missing', 'a')).toBe('a');
		expect(view.getNodeParameter('missing', 'b')).toBe('b');
		expect(view.getNodeParameter('missing', 'b', { extractValue: true })).toBe('b');
		expect(reads).toHaveLength(3);
	});

	test('a parameter that is set is read once whatever the fallback, and options that are off count as none', () => {
		const { context, reads } = countingContext({ text: () => 'hello' });
		const view = itemContextOf(context, 2, async () => [], { text: '={{ $json.text }}' });

		expect(view.getNodeParameter('text', undefined, { extractValue: false })).toBe('hello');
		expect(view.getNodeParameter('text', '')).toBe('hello');
		expect(view.getNodeParameter('text', 'other')).toBe('hello');
		expect(reads).toEqual(['text@2']);
	});

	test('an object read is a copy: code that changes it changes nothing for the next reader', () => {
		const { context } = countingContext({ recipients: () => ({ users: [{ user: 'lisi' }] }) });
		const view = itemContextOf(context, 0, async () => []);

		const first = view.getNodeParameter('recipients');
		if (!isDataObject(first)) throw new Error('expected an object');
		Object.assign(first, { users: [] });
		expect(view.getNodeParameter('recipients')).toEqual({ users: [{ user: 'lisi' }] });
	});

	test('a read that fails is not kept: the next read asks n8n again', () => {
		let calls = 0;
		const { context, reads } = countingContext({
			flaky: () => {
				calls++;
				if (calls === 1) throw new Error('expression failed');
				return 'fine';
			},
		});
		const view = itemContextOf(context, 1, async () => []);

		expect(() => view.getNodeParameter('flaky')).toThrow('expression failed');
		expect(view.getNodeParameter('flaky')).toBe('fine');
		expect(reads).toEqual(['flaky@1', 'flaky@1']);
	});

	test('items do not share their reads', () => {
		let item = 0;
		const { context, reads } = countingContext({ text: () => `item ${item++}` });

		expect(itemContextOf(context, 0, async () => []).getNodeParameter('text')).toBe('item 0');
		expect(itemContextOf(context, 1, async () => []).getNodeParameter('text')).toBe('item 1');
		expect(reads).toEqual(['text@0', 'text@1']);
	});
});
