import { SEND_AND_WAIT_OPERATION, updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import {
	RESPONSE_TYPE_APPROVAL,
	approvalOptionsFieldFor,
	formDefinitionFields,
	messageField,
	responseTypeField,
	sendAndWaitOperationOption,
	sendAndWaitOptions,
	subjectField,
} from '../../../shared/sendAndWait/properties';
import { agentIdField, recipientFields } from './recipients';

/*
 * Message → Send and Wait for Response: an app card (button_interaction) to users, departments
 * or tags; the workflow waits until someone answers. Code, not routing: it must sign a resume URL
 * per choice and put the execution to wait (helpers/sendAndWait.ts).
 */

export const option = sendAndWaitOperationOption(
	'Send a card with answer buttons and pause the workflow until someone answers',
);

export const ANSWER_WITH_LINKS = 'link';
export const ANSWER_IN_CHAT = 'inChat';

const fields: INodeProperties[] = [
	agentIdField,
	...recipientFields,
	subjectField,
	messageField,
	responseTypeField,
	...formDefinitionFields,
	approvalOptionsFieldFor({ buttonStyles: true }),
	{
		displayName: 'Answer With',
		name: 'answerWith',
		type: 'options',
		default: ANSWER_WITH_LINKS,
		displayOptions: { show: { responseType: [RESPONSE_TYPE_APPROVAL] } },
		options: [
			{
				name: 'Link Buttons',
				value: ANSWER_WITH_LINKS,
				description: 'Each button opens n8n’s answer page; works without any callback setup',
			},
			{
				name: 'In-Chat Buttons',
				value: ANSWER_IN_CHAT,
				description:
					'Buttons answer inside WeCom and every recipient’s card shows the decision. Needs the app’s Receive Messages (接收消息) URL to point at an active WeCom Trigger.',
			},
		],
	},
	sendAndWaitOptions(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: [SEND_AND_WAIT_OPERATION] } },
	fields,
);
