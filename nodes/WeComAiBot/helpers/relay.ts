import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { relayResponse } from '../../shared/aiBot/relay';
import type { ReplyInstruction } from '../../shared/aiBot/relay';

/**
 * Hands an answer to the trigger through n8n's sendResponse (wecom-new-features.md §2.9). n8n
 * resolves the trigger's response promise once per run, so a second answer is an error here
 * rather than silently dropped.
 */
export class Relay {
	private used = false;

	constructor(private readonly context: IExecuteFunctions) {}

	async send(itemIndex: number, instruction: ReplyInstruction): Promise<void> {
		if (this.used) {
			throw new NodeOperationError(this.context.getNode(), 'Only one answer per message', {
				description:
					'WeCom takes one answer per message or event, and this run already gave one. Aggregate the items into one answer first (e.g. with an Aggregate or Summarize node).',
				itemIndex,
			});
		}
		if (!instruction.req_id) {
			throw new NodeOperationError(this.context.getNode(), 'The trigger item has no req_id to answer', { itemIndex });
		}
		this.used = true;
		await this.context.sendResponse(relayResponse(instruction));
	}
}
