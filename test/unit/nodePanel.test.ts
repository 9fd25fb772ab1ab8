/**
 * What n8n's nodes panel shows for the WeCom entry. n8n 2.x merges a trigger into the node whose
 * type name is the trigger's without "Trigger" (weComTrigger → weCom) when that node has actions,
 * and gives the merged entry the trigger's description (editor-ui's generateMergedNodesAndActions).
 * The one text is shown in the trigger panel and in the node panel, so it must be right for both.
 */
import { PackageDirectoryLoader } from 'n8n-core';
import type { INodeTypeBaseDescription } from 'n8n-workflow';

let descriptions: Map<string, INodeTypeBaseDescription>;

beforeAll(async () => {
	const loader = new PackageDirectoryLoader('.');
	await loader.loadAll();
	descriptions = new Map(Object.values(loader.nodeTypes).map(({ type }) => [type.description.name, type.description]));
});

/** n8n's rule: the panel entry a node type ends up in, and the description that entry shows. */
function panelEntries() {
	const entries = new Map<string, string>();
	const all = [...descriptions.values()];
	for (const node of all.filter((description) => !description.group.includes('trigger'))) entries.set(node.name, node.description);
	for (const trigger of all.filter((description) => description.group.includes('trigger'))) {
		const merged = trigger.name.replace('Trigger', '');
		entries.set(entries.has(merged) ? merged : trigger.name, trigger.description);
	}
	return entries;
}

test('the WeCom Trigger is merged into the WeCom entry, whose text covers both the node’s actions and the trigger', () => {
	const entries = panelEntries();
	expect(entries.has('weComTrigger')).toBe(false);
	const shown = entries.get('weCom') ?? '';
	expect(shown).toMatch(/send messages/i);
	expect(shown).toMatch(/contacts/i);
	expect(shown).toMatch(/start workflows on messages and events/i);
});

test('the node and its trigger carry the same text, so the entry reads the same whichever n8n keeps', () => {
	expect(descriptions.get('weComTrigger')?.description).toBe(descriptions.get('weCom')?.description);
});

test('the Group Bot has no trigger and keeps its own text', () => {
	expect(panelEntries().get('weComGroupBot')).toMatch(/group bot webhook/);
});
