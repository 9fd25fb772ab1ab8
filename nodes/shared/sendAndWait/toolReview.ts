import type { IExecuteFunctions } from 'n8n-workflow';

/*
 * The card text of the AI Agent's "human review" variant. n8n fills its Message with
 * `{{ $tool.parameters }}`: the agent's tool input, an object. Inside a longer text n8n turns an
 * object into "[object Object]", so the reviewer would not see what they approve. Here that
 * placeholder shows the input as JSON instead.
 */

const TOOL_PARAMETERS_PLACEHOLDER = /\{\{\s*\$tool\.parameters\s*\}\}/g;
const TOOL_PARAMETERS_AS_JSON = '{{ JSON.stringify($tool.parameters, null, 2) }}';

/** The Message parameter of one item, with `{{ $tool.parameters }}` written out as JSON. */
export function messageParameter(context: IExecuteFunctions, itemIndex: number): unknown {
	const raw = context.getNodeParameter('message', itemIndex, '', { rawExpressions: true });
	if (typeof raw !== 'string' || !raw.startsWith('=') || !raw.match(TOOL_PARAMETERS_PLACEHOLDER)) {
		return context.getNodeParameter('message', itemIndex, '');
	}
	// evaluateExpression adds the leading "=" itself
	const expression = raw.slice(1).replace(TOOL_PARAMETERS_PLACEHOLDER, TOOL_PARAMETERS_AS_JSON);
	return context.evaluateExpression(expression, itemIndex);
}
