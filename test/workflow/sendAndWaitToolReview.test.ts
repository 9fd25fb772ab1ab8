/**
 * The card of the AI Agent's "human review" variant, through n8n-core's engine: n8n fills Message
 * with its own default, which names the tool and its input (`$tool.name`, `$tool.parameters`, read
 * from the item the agent hands over). Real n8n with the AI Agent runs it in
 * test/e2e/agentHumanReview.test.ts.
 */
import { inboxOf } from '../../sandbox/routes/messages';
import { byId, useApiHarness } from '../support/weCom';

const harness = useApiHarness({ forget: ['messages'] });

/** n8n 2.41's default Message of a human-review tool (packages/cli tool-generation/hitl-tools). */
const N8N_REVIEW_MESSAGE = '=The agent wants to run this tool: {{ $tool.name }}\n\nInput:\n{{ $tool.parameters }}';

/** The item the AI Agent hands the review node for one gated tool call. */
const toolCall = {
	json: { tool: 'Send_WeCom_Message', toolParameters: { text: '午饭 12:00 — lunch at noon', urgent: true }, toolCallId: 'call_1' },
};

const review = (message: string) => ({
	resource: 'message',
	operation: 'sendAndWait',
	recipients: { users: [{ user: byId('lisi') }] },
	subject: 'Agent wants to send a message',
	message,
	approvalOptions: { values: { approvalType: 'double' } },
});

function sentText(): string {
	const [entry] = inboxOf(harness.sandbox).filter((candidate) => candidate.kind === 'message');
	return String((entry?.message.template_card as { sub_title_text?: string } | undefined)?.sub_title_text);
}

test('n8n’s default review message shows the tool’s input as JSON, not "[object Object]"', async () => {
	const result = await harness.run(review(N8N_REVIEW_MESSAGE), { items: [toolCall] });
	expect(result.error).toBeUndefined();
	expect(sentText()).toBe(
		'The agent wants to run this tool: Send_WeCom_Message\n\nInput:\n' +
			JSON.stringify(toolCall.json.toolParameters, null, 2),
	);
});

test('a message of the user’s own, with other expressions, is read as n8n resolves it', async () => {
	const result = await harness.run(review('=Send "{{ $json.toolParameters.text }}"? ({{ $json.toolCallId }})'), { items: [toolCall] });
	expect(result.error).toBeUndefined();
	expect(sentText()).toBe('Send "午饭 12:00 — lunch at noon"? (call_1)');
});
