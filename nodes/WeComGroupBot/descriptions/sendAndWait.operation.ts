import { SEND_AND_WAIT_OPERATION, updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import {
	approvalOptionsFieldFor,
	formDefinitionFields,
	messageField,
	responseTypeField,
	sendAndWaitOperationOption,
	sendAndWaitOptions,
	subjectField,
} from '../../shared/sendAndWait/properties';

/*
 * Send and Wait for Response: a text_notice card to the group, whose links open n8n's answer
 * page; the workflow waits until the first answer. Code, not routing: it signs a resume URL per
 * choice and puts the execution to wait (helpers/sendAndWait.ts).
 */

export const option = sendAndWaitOperationOption(
	'Post a card with answer links and pause the workflow until someone in the group answers',
);

/** Options → Ask for Name; when the option was not added, the page asks. */
export const ASK_FOR_NAME_OPTION = 'askForName';

const fields: INodeProperties[] = [
	{
		displayName:
			'A group bot’s card can only open links: anyone in the group can answer, the first answer resumes the workflow, and WeCom does not tell n8n who tapped. The answer page asks for a name instead (Options → Ask for Name). For answers inside WeCom from known people, use the WeCom node’s Send and Wait with In-Chat Buttons.',
		name: 'sendAndWaitNotice',
		type: 'notice',
		default: '',
	},
	{
		...subjectField,
		description:
			'The card’s main title. A group card shows 26 characters: a longer title is cut there with “…” (the answer page shows it whole).',
	},
	{
		...messageField,
		description:
			'What the group is asked to answer. A group card shows its first 112 characters (a longer message is cut there with “…”); the answer page shows all of it.',
	},
	responseTypeField,
	...formDefinitionFields,
	approvalOptionsFieldFor({ buttonStyles: false }),
	sendAndWaitOptions([
		{
			displayName: 'Ask for Name',
			name: ASK_FOR_NAME_OPTION,
			type: 'boolean',
			default: true,
			description:
				'Whether the answer page asks who answers (output as data.respondedBy), since WeCom does not say who tapped a group card',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { operation: [SEND_AND_WAIT_OPERATION] } },
	fields,
);
