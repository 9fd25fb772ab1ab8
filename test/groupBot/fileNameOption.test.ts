/**
 * The Group Bot's Send options offer "File Name" only where it applies: a file or voice message
 * uploaded from binary data. Checked with n8n-workflow's own display rules, as the editor uses them.
 */
import { NodeHelpers } from 'n8n-workflow';
import type { INodeProperties, INodePropertyCollection, INodeTypeDescription } from 'n8n-workflow';

import { WeComGroupBot } from '../../nodes/WeComGroupBot/WeComGroupBot.node';

const description: INodeTypeDescription = new WeComGroupBot().description;

function isProperty(option: INodeProperties | INodePropertyCollection | object): option is INodeProperties {
	return 'name' in option && 'type' in option && 'default' in option;
}

const sendOptions = description.properties.find(
	(property) => property.name === 'options' && property.displayOptions?.show?.operation?.includes('send'),
);
const fileName = (sendOptions?.options ?? []).filter(isProperty).find((option) => option.name === 'fileName');

function offersFileName(values: { messageType: string; mediaSource?: string }): boolean {
	if (!fileName) throw new Error('the Send options have no File Name');
	const root = { operation: 'send', ...values, options: {} };
	return NodeHelpers.displayParameter({}, fileName, { typeVersion: 1 }, description, root);
}

test.each([
	{ shown: 'a text message', values: { messageType: 'text' }, offered: false },
	{ shown: 'a markdown message', values: { messageType: 'markdown' }, offered: false },
	{ shown: 'a news message', values: { messageType: 'news' }, offered: false },
	{ shown: 'a file from binary data', values: { messageType: 'file', mediaSource: 'binary' }, offered: true },
	{ shown: 'a voice message from binary data', values: { messageType: 'voice', mediaSource: 'binary' }, offered: true },
	{ shown: 'a file sent by media ID', values: { messageType: 'file', mediaSource: 'mediaId' }, offered: false },
])('$shown: File Name offered = $offered', ({ values, offered }) => {
	expect(offersFileName(values)).toBe(offered);
});
