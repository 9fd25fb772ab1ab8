import { NodeOperationError, jsonParse } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { templateCardProblem } from '../../shared/aiBot/replies';
import { isDataObject } from '../../shared/dataObject';

/** The Template Card (JSON) field, parsed and checked; `taskIdMustBe` for Update Card. */
export function templateCardOf(context: IExecuteFunctions, itemIndex: number, taskIdMustBe?: string): IDataObject {
	const raw = context.getNodeParameter('templateCard', itemIndex);
	let card: unknown = raw;
	if (typeof raw === 'string') {
		try {
			card = jsonParse(raw);
		} catch {
			card = undefined;
		}
	}
	const problem = templateCardProblem(card, taskIdMustBe);
	if (problem !== undefined || !isDataObject(card)) {
		throw new NodeOperationError(context.getNode(), 'The template card is not valid', {
			description: problem ?? 'Template Card (JSON) must be a JSON object.',
			itemIndex,
		});
	}
	return card;
}
